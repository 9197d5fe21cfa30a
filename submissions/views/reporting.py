"""Placeholder: being written (see submissions/urls.py)."""

from django.http import Http404


def py(request, *args, **kwargs):
    raise Http404


def my_reports(request, *args, **kwargs):
    raise Http404


def report_start(request, *args, **kwargs):
    raise Http404


def report_detail(request, *args, **kwargs):
    raise Http404


def item_create(request, *args, **kwargs):
    raise Http404


def item_edit(request, *args, **kwargs):
    raise Http404


def item_delete(request, *args, **kwargs):
    raise Http404


def report_nothing(request, *args, **kwargs):
    raise Http404


def report_hand_on(request, *args, **kwargs):
    raise Http404


def report_sign_off(request, *args, **kwargs):
    raise Http404


def report_send_back(request, *args, **kwargs):
    raise Http404
