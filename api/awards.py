"""Award programmes' final lists (/api/v1/awards/): what the public notice page shows of a
programme made final (its winners by category and tier, with the nominating unit), for the
programmes organised in the person's part of the tree (awards.selectors). Lists still
being judged or on notice are not given."""

import django_filters
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from awards import selectors
from awards.models import Nomination, Programme, ProgrammeKind
from submissions.deadlines import FIRST_YEAR


class ProgrammeSerializer(serializers.ModelSerializer):
    organiser_name = serializers.CharField(source="organiser.name")
    winner_count = serializers.IntegerField()

    class Meta:
        model = Programme
        fields = [
            "id",
            "year",
            "title",
            "kind",
            "basis_document",
            "organiser",
            "organiser_name",
            "notice_starts",
            "notice_ends",
            "finalised_at",
            "circular_number",
            "winner_count",
        ]
        read_only_fields = fields


class WinnerSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.name")
    tier = serializers.CharField(source="tier.name")
    title = serializers.CharField(source="display_title")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = Nomination
        fields = [
            "id",
            "category",
            "tier",
            "title",
            "nominee_name",
            "work_title",
            "unit",
            "unit_name",
        ]
        read_only_fields = fields


class ProgrammeDetailSerializer(ProgrammeSerializer):
    winners = WinnerSerializer(many=True, source="winner_list")

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "winners"]
        read_only_fields = fields


def _programmes(user):
    return selectors.final_programmes_for(user).annotate(
        winner_count=Count("nominations", filter=Q(nominations__tier__isnull=False))
    )


class ProgrammeFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"), min_value=FIRST_YEAR, max_value=9999)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ProgrammeKind.choices)


class ProgrammeList(generics.ListAPIView):
    """The final lists of the award programmes organised in the person's part of the
    tree, newest year first."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilter

    def get_queryset(self):
        return _programmes(self.request.user).order_by("-year", "title", "pk")


class ProgrammeDetail(APIView):
    @extend_schema(responses=ProgrammeDetailSerializer)
    def get(self, request, pk: int):
        """A final list: its winners by category and tier, as the public notice shows them."""
        programme = get_object_or_404(_programmes(request.user), pk=pk)
        programme.winner_list = list(selectors.winners(programme))
        return Response(ProgrammeDetailSerializer(programme).data)
