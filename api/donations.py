"""Donations' disclosed figures (/api/v1/donations/): what the public disclosure pages show
of the claimable projects and the donation drives of the person's units, nothing more (no
pledge, no contact, no donor who asked to stay anonymous), through donations.selectors.
Money is a decimal string to the fen."""

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import MAX_ID
from donations import selectors
from donations.models import Category, Drive, GiftKind, Project, ProjectStatus
from portal.scoping import visible_regions

MONEY = {"max_digits": 14, "decimal_places": 2}


class ProjectSerializer(serializers.ModelSerializer):
    village_name = serializers.CharField(source="village.name")
    office_name = serializers.CharField(source="office.name")
    received = serializers.DecimalField(**MONEY)
    spent = serializers.DecimalField(**MONEY)
    still_needed = serializers.DecimalField(
        **MONEY, help_text=_("Nothing once the project has ended (it takes no more claims).")
    )
    use_disclosed = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "category",
            "status",
            "village",
            "village_name",
            "office",
            "office_name",
            "budget",
            "received",
            "spent",
            "still_needed",
            "claim_deadline",
            "ended_on",
            "use_disclosed",
        ]
        read_only_fields = fields

    def get_use_disclosed(self, project) -> bool:
        return project.use_disclosed_at is not None

    def to_representation(self, instance):
        return super().to_representation(selectors.public_figures(instance))


class DonorSerializer(serializers.Serializer):
    name = serializers.CharField(allow_null=True, help_text=_("None for an anonymous person."))
    anonymous = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=GiftKind.choices)
    received = serializers.DecimalField(**MONEY)


class MoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=[("in", "in"), ("out", "out")])
    amount = serializers.DecimalField(**MONEY)
    consent_on = serializers.DateField()
    project = serializers.CharField(allow_null=True)
    village = serializers.CharField(allow_null=True)


class SpendingSerializer(serializers.Serializer):
    spent_on = serializers.DateField()
    purpose = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)


class ProjectDetailSerializer(ProjectSerializer):
    purpose = serializers.CharField()
    donors = DonorSerializer(many=True, source="public_donors")
    moves = MoveSerializer(many=True, source="public_moves")
    spendings = SpendingSerializer(
        many=True, source="public_spendings", help_text=_("Empty until the use is disclosed.")
    )

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "purpose", "donors", "moves", "spendings"]
        read_only_fields = fields


class _RegionSubtree(django_filters.NumberFilter):
    """Projects in the villages under a region the person's scope reaches (none otherwise)."""

    def filter(self, qs, value):
        if value is None:
            return qs
        region = visible_regions(self.parent.request.user).filter(pk=value).first()
        return qs.filter(village__path__startswith=region.path) if region else qs.none()


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProjectStatus.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    region = _RegionSubtree(label=_("Region"), min_value=1, max_value=MAX_ID)


class ProjectList(generics.ListAPIView):
    """The claimable projects of the person's units that are published (or have ended),
    with the public page's figures: budget, received, spent and still needed."""

    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        return selectors.disclosed_projects_for(self.request.user).order_by(
            "village__path", "title", "pk"
        )


class ProjectDetail(APIView):
    @extend_schema(responses=ProjectDetailSerializer)
    def get(self, request, pk: int):
        """One project as its public page shows it: the figures, the disclosed donors with
        what they gave, the moves donors agreed to, and the disclosed use of funds."""
        project = get_object_or_404(selectors.disclosed_projects_for(request.user), pk=pk)
        project.public_donors = selectors.public_donors(project=project)
        project.public_moves = selectors.public_moves(project)
        project.public_spendings = selectors.public_spendings(project)
        return Response(ProjectDetailSerializer(project).data)


class DriveSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name")
    disclosed_total = serializers.DecimalField(
        **MONEY, help_text=_("What the disclosed donors gave (confirmed receipts).")
    )
    disclosed_donors = serializers.IntegerField()

    class Meta:
        model = Drive
        fields = [
            "id",
            "title",
            "unit",
            "unit_name",
            "period_start",
            "period_end",
            "donors_disclosed_at",
            "disclosed_total",
            "disclosed_donors",
        ]
        read_only_fields = fields


def _drives(user):
    return selectors.with_disclosed_totals(
        selectors.drives_for(user).exclude(donors_disclosed_at=None)
    )


class DriveList(generics.ListAPIView):
    """The donation drives of the person's units whose donors are disclosed, with the
    disclosure's total and number of donors."""

    serializer_class = DriveSerializer

    def get_queryset(self):
        return _drives(self.request.user).order_by("-period_end", "title", "pk")


class DriveDetail(generics.RetrieveAPIView):
    serializer_class = DriveSerializer

    def get_queryset(self):
        return _drives(self.request.user)
