"""Placeholder: being written (see submissions/urls.py)."""

from django.http import Http404


def py(request, *args, **kwargs):
    raise Http404


def completeness(request, *args, **kwargs):
    raise Http404


def assessment(request, *args, **kwargs):
    raise Http404


def search(request, *args, **kwargs):
    raise Http404
