"""Clippings attached to an item through the API (/api/v1/items/{id}/clippings/, multipart):
the way the item's edit page attaches them. Each file is checked by its content and size
(portal.uploads, through portal.files.store_uploads), then the item is saved with them by
submissions.services.item_update: the same version check, the same journal entry
(submissions.item.changed). A refused file, or a refused save, stores nothing."""

from django import forms
from django.db import transaction
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import inputs, problems
from api.serializers import ItemSerializer
from api.views import _editable_report
from portal.files import discard_uploads, store_uploads
from submissions import services
from submissions.forms.reporting import ItemForm, VersionForm
from submissions.selectors.reports import item_for_row, item_for_user

FIELD = "clippings"


class ClippingUploadSerializer(serializers.Serializer):
    """What the schema says the upload takes (the item page's form checks it)."""

    clippings = serializers.ListField(
        child=serializers.FileField(),
        help_text=_("Scans, photos or PDFs (checked by their content); one or several."),
    )
    version = serializers.IntegerField(help_text=_("The item's version as last read."))


class ItemClippings(APIView):
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ClippingUploadSerializer},
        responses={201: ItemSerializer},
    )
    def post(self, request, pk: int):
        """Attach clippings to an item (the unit's reporter, while the report is editable)."""
        item = item_for_user(request.user, pk)
        report = item.report
        _editable_report(request, report)
        version = VersionForm(request.data)
        files = request.FILES.getlist(FIELD)
        errors = {} if version.is_valid() else inputs.form_errors(version)
        if not files:
            errors[FIELD] = [str(forms.Field.default_error_messages["required"])]
        if errors:
            return problems.invalid(errors)
        data = {**inputs.current_values(item), "version": str(version.cleaned_data["version"])}
        form = ItemForm(
            data, MultiValueDict({FIELD: files}), instance=item, unit=report.unit, report=report
        )
        form.is_valid()
        stored = store_uploads(form, FIELD, unit=report.unit, user=request.user)
        if form.errors:
            discard_uploads(stored)
            return problems.invalid(problems.field_errors(inputs.form_errors(form)))
        try:
            with transaction.atomic():
                services.item_update(
                    item=item,
                    user=request.user,
                    data=form.service_data(),
                    version=version.cleaned_data["version"],
                    authors=form.cleaned_data["authors"],
                    clippings=stored,
                )
        except Exception:
            discard_uploads(stored)
            raise
        return Response(ItemSerializer(item_for_row(item)).data, status=status.HTTP_201_CREATED)
