"""Pages of rows that a selector returns as a list (the overview's rows, a campaign's
assignments): the same pages of 50 as the list endpoints, with `count`, `next` and
`previous`, and the filters checked by the page's own form (its messages as problems)."""

from django import forms
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination

from api import inputs


def page_of(request, rows: list) -> dict:
    """`rows` cut to the page asked for (?page=); a page past the end is a 404 problem."""
    paginator = PageNumberPagination()
    page = paginator.paginate_queryset(rows, request)
    return {
        "count": paginator.page.paginator.count,
        "next": paginator.get_next_link(),
        "previous": paginator.get_previous_link(),
        "results": page,
    }


def checked(form: forms.Form) -> dict:
    """The form's cleaned data, or a 400 problem with its messages per field."""
    if not form.is_valid():
        raise exceptions.ValidationError(inputs.form_errors(form))
    return form.cleaned_data


class PageSerializer(serializers.Serializer):
    """What every paged answer starts with (the list endpoints' pagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
