"""Placeholder: being written (see submissions/urls.py)."""

from django.http import Http404


def py(request, *args, **kwargs):
    raise Http404


def queue(request, *args, **kwargs):
    raise Http404


def report_review(request, *args, **kwargs):
    raise Http404


def item_review(request, *args, **kwargs):
    raise Http404


def items_bulk(request, *args, **kwargs):
    raise Http404


def report_adopt(request, *args, **kwargs):
    raise Http404


def report_return(request, *args, **kwargs):
    raise Http404
