"""The API's endpoints (/api/v1/). Like the pages: each fetches through the portal's scoped
selectors first (another unit's id is a 404), checks the role it needs (403), validates
with the page's own form and calls the page's service. Refusals become problem details
(api.problems)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, inputs, problems
from api.serializers import (
    ItemInputSerializer,
    ItemPatchSerializer,
    ItemSerializer,
    ItemUpdateSerializer,
    RegionSerializer,
    ReportDetailSerializer,
    ReportSerializer,
    UnitSerializer,
    VersionSerializer,
)
from portal import selectors
from portal.models import Region, Role, Unit
from portal.scoping import get_unit_for_user, require_role, visible_regions
from submissions import services
from submissions.forms.reporting import VersionForm
from submissions.models import Item, Report, ReviewResult
from submissions.selectors.reports import (
    item_for_row,
    item_for_user,
    report_for_user,
    report_items,
    reports_visible_to,
    with_item_counts,
)


class NotFound(APIView):
    """Any other address under /api/v1/ (an id that is not a number): a problem, not the
    pages' HTML 404."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound()


# --- Regions and units ---------------------------------------------------------------------


class RegionList(generics.ListAPIView):
    """The regions the person oversees, and those of their own units."""

    serializer_class = RegionSerializer
    filterset_class = filters.RegionFilter

    def get_queryset(self) -> QuerySet[Region]:
        return visible_regions(self.request.user).order_by("path", "pk")


class RegionDetail(generics.RetrieveAPIView):
    serializer_class = RegionSerializer

    def get_queryset(self) -> QuerySet[Region]:
        return visible_regions(self.request.user)


class UnitList(generics.ListAPIView):
    """The units in the person's scope, as the unit list page shows them."""

    serializer_class = UnitSerializer
    filterset_class = filters.UnitFilter

    def get_queryset(self) -> QuerySet[Unit]:
        return selectors.unit_list(self.request.user).order_by("region__path", "name", "pk")


class UnitDetail(generics.RetrieveAPIView):
    serializer_class = UnitSerializer

    def get_object(self) -> Unit:
        return get_unit_for_user(self.request.user, self.kwargs["pk"])


# --- Reports ------------------------------------------------------------------------------


class ReportList(generics.ListAPIView):
    """Quarterly reports of the units in the person's scope, newest quarter first."""

    serializer_class = ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self) -> QuerySet[Report]:
        reports = reports_visible_to(self.request.user).select_related("unit")
        return with_item_counts(reports).order_by("-year", "-quarter", "unit__name", "pk")


def report_with_items(report: Report) -> Report:
    """The report with its items and the figures its review page shows."""
    items = list(report_items(report).order_by("published_on", "pk"))
    report.item_list = items
    report.item_count = len(items)
    report.pending_count = sum(item.review_result == ReviewResult.PENDING for item in items)
    report.adopted_count = sum(item.review_result == ReviewResult.ADOPTED for item in items)
    report.total_points = sum((item.final_points for item in items), 0)
    return report


class ReportDetail(APIView):
    @extend_schema(responses=ReportDetailSerializer)
    def get(self, request, pk: int):
        """One report with its items and their review results."""
        report = report_for_user(request.user, pk)
        return Response(ReportDetailSerializer(report_with_items(report)).data)


def _editable_report(request, report: Report) -> None:
    """What the report page checks before its item form: the reporter's role, then a
    report still with the unit (ReportError: 409)."""
    require_role(request.user, Role.REPORTER, report.unit)
    if not report.is_editable:
        raise services.ReportError(
            _("This report has been handed on and can no longer be changed.")
        )


class ReportItems(APIView):
    @extend_schema(request=ItemInputSerializer, responses={201: ItemSerializer})
    def post(self, request, pk: int):
        """Add an item to a draft or returned report (the unit's reporter)."""
        report = report_for_user(request.user, pk)
        _editable_report(request, report)
        data = _object(request)
        errors = inputs.type_errors(data, with_version=False)
        if errors:
            return problems.invalid(errors)
        form = inputs.item_form(data, report=report)
        if not form.is_valid():
            return problems.invalid(problems.field_errors(inputs.form_errors(form)))
        item = services.item_create(
            report=report,
            user=request.user,
            data=form.service_data(),
            authors=form.cleaned_data["authors"],
        )
        return Response(ItemSerializer(item_for_row(item)).data, status=status.HTTP_201_CREATED)


class ReportHandOn(APIView):
    @extend_schema(request=VersionSerializer, responses=ReportDetailSerializer)
    def post(self, request, pk: int):
        """Hand the report to the unit's approver for sign-off (the unit's reporter)."""
        report = report_for_user(request.user, pk)
        require_role(request.user, Role.REPORTER, report.unit)
        form = VersionForm(_object(request))
        if not form.is_valid():
            return problems.invalid(problems.field_errors(inputs.form_errors(form)))
        services.report_hand_to_approver(
            report=report, user=request.user, version=form.cleaned_data["version"]
        )
        report = report_for_user(request.user, pk)
        return Response(ReportDetailSerializer(report_with_items(report)).data)


# --- Items --------------------------------------------------------------------------------


def _object(request) -> dict:
    """The request's JSON body, which must be an object."""
    if not isinstance(request.data, dict):
        raise exceptions.ParseError(_("Send a JSON object."))
    return request.data


class ItemDetail(APIView):
    def _item(self, request, pk: int) -> Item:
        return item_for_user(request.user, pk)

    @extend_schema(responses=ItemSerializer)
    def get(self, request, pk: int):
        """One item with its review result."""
        item = self._item(request, pk)
        return Response(ItemSerializer(item_for_row(item)).data)

    @extend_schema(request=ItemUpdateSerializer, responses=ItemSerializer)
    def put(self, request, pk: int):
        """Replace an item's fields (the unit's reporter, while the report is editable).
        `version` is the item's version as last read: a changed item is a 409."""
        return self._update(request, pk, partial=False)

    @extend_schema(request=ItemPatchSerializer, responses=ItemSerializer)
    def patch(self, request, pk: int):
        """Change some of an item's fields; `version` as for PUT."""
        return self._update(request, pk, partial=True)

    def _update(self, request, pk: int, *, partial: bool):
        item = self._item(request, pk)
        report = item.report
        _editable_report(request, report)
        data = _object(request)
        errors = inputs.type_errors(data, with_version=True)
        if errors:
            return problems.invalid(errors)
        if partial:
            data = {**inputs.current_values(item), **data}
        form = inputs.item_form(data, report=report, item=item)
        if not form.is_valid():
            return problems.invalid(problems.field_errors(inputs.form_errors(form)))
        services.item_update(
            item=item,
            user=request.user,
            data=form.service_data(),
            version=data["version"],
            authors=form.cleaned_data["authors"],
        )
        return Response(ItemSerializer(item_for_row(item)).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "version",
                int,
                required=True,
                description=gettext_lazy("The item's version as last read."),
            )
        ],
        responses={204: None},
    )
    def delete(self, request, pk: int):
        """Delete an item (the unit's reporter, while the report is editable)."""
        item = self._item(request, pk)
        _editable_report(request, item.report)
        form = VersionForm(request.query_params)
        if not form.is_valid():
            return problems.invalid(problems.field_errors(inputs.form_errors(form)))
        services.item_delete(item=item, user=request.user, version=form.cleaned_data["version"])
        return Response(status=status.HTTP_204_NO_CONTENT)
