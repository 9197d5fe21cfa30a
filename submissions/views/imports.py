"""Placeholder: being written (see submissions/urls.py)."""

from django.http import Http404


def py(request, *args, **kwargs):
    raise Http404


def item_import(request, *args, **kwargs):
    raise Http404


def import_template(request, *args, **kwargs):
    raise Http404
