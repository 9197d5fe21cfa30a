"""Campaigns with their activities, assignments and progress (/api/v1/campaigns/,
/api/v1/assignments/): what the campaign pages show, through campaigns.selectors (the
campaigns the person's scope reaches; another unit's assignment is a 404)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.paging import checked
from campaigns import selectors
from campaigns.forms import FilterForm
from campaigns.models import (
    Assignment,
    AssignmentState,
    Campaign,
    CampaignKind,
    CampaignStatus,
    Phase,
    Progress,
)
from submissions.deadlines import FIRST_YEAR


class CampaignSerializer(serializers.ModelSerializer):
    owner_unit_name = serializers.CharField(source="owner_unit.name")
    activity_count = serializers.IntegerField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "kind",
            "year",
            "title",
            "theme",
            "owner_unit",
            "owner_unit_name",
            "status",
            "summary_due",
            "published_at",
            "activity_count",
        ]
        read_only_fields = fields


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Phase
        fields = ["id", "name", "starts_on", "ends_on"]
        read_only_fields = fields


StateCountsSerializer = type(
    "AssignmentStateCountsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Assignments per state.",
        **{state: serializers.IntegerField() for state in AssignmentState.values},
    },
)


class ActivitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    phase = serializers.IntegerField(allow_null=True)
    lead_unit = serializers.IntegerField(allow_null=True)
    lead_unit_name = serializers.CharField(allow_null=True)
    expected_quantity = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    expected_unit = serializers.CharField()
    expected_total = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text=_("The expected output per unit times the responsible units."),
    )
    achieved = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text=_("The output the units shown have filed.")
    )
    plan_due = serializers.DateField(allow_null=True)
    report_due = serializers.DateField(allow_null=True)
    is_summary = serializers.BooleanField()
    responsible_units = serializers.IntegerField(help_text=_("How many units are responsible."))
    states = StateCountsSerializer()


class AssignmentSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = Assignment
        fields = [
            "id",
            "activity",
            "unit",
            "unit_name",
            "state",
            "last_comment",
            "done_at",
            "accepted_at",
            "version",
        ]
        read_only_fields = fields


class CampaignDetailSerializer(CampaignSerializer):
    guiding_text = serializers.CharField()
    phases = PhaseSerializer(many=True)
    activities = ActivitySerializer(many=True)
    assignments = AssignmentSerializer(many=True)

    class Meta(CampaignSerializer.Meta):
        fields = [
            *CampaignSerializer.Meta.fields,
            "guiding_text",
            "phases",
            "activities",
            "assignments",
        ]
        read_only_fields = fields


class CampaignFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), min_value=FIRST_YEAR, max_value=9999)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CampaignKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices)


class CampaignList(generics.ListAPIView):
    """The campaigns the person's scope reaches (administrators: also their drafts), newest
    year first, as the campaign list shows them."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter

    def get_queryset(self):
        return selectors.campaign_list(self.request.user).order_by("-year", "title", "pk")


def _activity(row: dict) -> dict:
    activity = row["activity"]
    return {
        "id": activity.pk,
        "title": activity.title,
        "phase": activity.phase_id,
        "lead_unit": activity.lead_unit_id,
        "lead_unit_name": activity.lead_unit.name if activity.lead_unit else None,
        "expected_quantity": activity.expected_quantity,
        "expected_unit": activity.expected_unit,
        "expected_total": row["expected_total"],
        "achieved": row["achieved"],
        "plan_due": activity.plan_due,
        "report_due": activity.report_due,
        "is_summary": activity.is_summary,
        "responsible_units": row["n_units"],
        "states": row["counts"],
    }


class CampaignDetail(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("phase", int, description=_("Only this phase's activities.")),
            OpenApiParameter("city", int, description=_("Only the units of this city.")),
            OpenApiParameter("state", str, enum=AssignmentState.values),
        ],
        responses=CampaignDetailSerializer,
    )
    def get(self, request, pk: int):
        """A campaign with its phases, its activities (expected and achieved output, the
        assignments per state) and the assignments the person may see: the campaign page's
        matrix, with its filters."""
        campaign = selectors.campaign_for_user(request.user, pk)
        query = {k: v for k, v in request.query_params.items() if k in ("phase", "city", "state")}
        filters = checked(
            FilterForm(query, campaign=campaign, cities=selectors.city_choices(request.user))
        )
        matrix = selectors.campaign_matrix(
            request.user,
            campaign,
            phase_id=filters["phase"].pk if filters["phase"] else None,
            city=filters["city"],
            state=filters["state"],
        )
        campaign.activity_count = len(matrix["rows"])
        campaign.phases_list = list(campaign.phases.all())
        data = CampaignSerializer(campaign).data
        data.update(
            {
                "guiding_text": campaign.guiding_text,
                "phases": PhaseSerializer(campaign.phases_list, many=True).data,
                "activities": ActivitySerializer(
                    [_activity(row) for row in matrix["rows"]], many=True
                ).data,
                "assignments": AssignmentSerializer(matrix["assignments"], many=True).data,
            }
        )
        return Response(data)


# Assignments ---------------------------------------------------------------------------------


class ProgressSerializer(serializers.ModelSerializer):
    created_by_name = serializers.CharField(source="created_by.get_full_name")
    links = serializers.ListField(child=serializers.CharField(), source="link_list")
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = Progress
        fields = [
            "id",
            "text",
            "quantity",
            "events_held",
            "people_reached",
            "funds_raised",
            "items_published",
            "links",
            "items",
            "evidence",
            "created_by_name",
            "created_at",
        ]
        read_only_fields = fields

    def get_evidence(self, progress) -> list[str]:
        """The evidence files' names (the files themselves are on the portal's pages)."""
        return [attachment.original_name for attachment in progress.evidence.all()]


class AssignmentDetailSerializer(AssignmentSerializer):
    campaign = serializers.IntegerField(source="activity.campaign_id")
    activity_title = serializers.CharField(source="activity.title")
    deadline = serializers.DateField(source="activity.deadline", allow_null=True)
    progress = ProgressSerializer(many=True, source="progress_list")

    class Meta(AssignmentSerializer.Meta):
        fields = [
            *AssignmentSerializer.Meta.fields,
            "campaign",
            "activity_title",
            "deadline",
            "progress",
        ]
        read_only_fields = fields


class AssignmentDetail(APIView):
    @extend_schema(responses=AssignmentDetailSerializer)
    def get(self, request, pk: int):
        """One assignment with the progress its unit filed, oldest first."""
        assignment = selectors.assignment_for_user(request.user, pk)
        assignment.progress_list = list(selectors.assignment_progress(assignment))
        return Response(AssignmentDetailSerializer(assignment).data)
