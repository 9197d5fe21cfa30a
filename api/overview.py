"""Completeness of a quarter and the assessment of a year (/api/v1/completeness/,
/api/v1/assessment/): the figures of the overview pages, from the same selectors
(submissions.selectors.overview), for the reviewers and administrators those pages are
for. A reporter is refused (403) as on the pages; a region outside the person's scope is a
404. The rows come in pages of 50; the totals cover every row."""

from django import forms
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import MAX_ID
from api.paging import PageSerializer, checked, page_of
from portal import clock
from portal.models import Region
from portal.scoping import visible_regions
from submissions import deadlines
from submissions.forms.overview import PeriodForm, YearForm
from submissions.models import MediaLevel, MediaType
from submissions.selectors import overview as selectors
from submissions.selectors import provinces as by_province
from submissions.selectors.overview import OVERSEER_ROLES, Tally, UnitState

REGION = OpenApiParameter(
    "region",
    int,
    description=_("Only the units in this region's subtree (a region the person oversees)."),
)
YEAR = OpenApiParameter(
    "year",
    int,
    description=format_lazy(
        _("From {first} to this year; this year if left out."), first=deadlines.FIRST_YEAR
    ),
)


def _counts(values, child) -> dict:
    """One field per choice value (a unit state, a media level): a serializer's fields."""
    return {value: child() for value in values}


TallySerializer = type(
    "TallySerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Units per state, with how many there are and how many have filed.",
        "total": serializers.IntegerField(),
        "filed": serializers.IntegerField(),
        **_counts(UnitState.values, serializers.IntegerField),
    },
)
LevelCountsSerializer = type(
    "LevelCountsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Adopted items per media level.",
        **_counts(MediaLevel.values, serializers.IntegerField),
    },
)
TypeCountsSerializer = type(
    "TypeCountsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Adopted items per media type.",
        **_counts(MediaType.values, serializers.IntegerField),
    },
)


def tally(t: Tally) -> dict:
    return {"total": t.total, "filed": t.filed, **t.counts}


class RegionTallySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    tally = TallySerializer()


class UnitStateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    city = serializers.IntegerField()
    city_name = serializers.CharField()
    state = serializers.ChoiceField(choices=UnitState.choices)
    due_date = serializers.DateField()
    report = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    item_count = serializers.IntegerField()
    nothing_to_report = serializers.BooleanField()


class CompletenessSerializer(PageSerializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    deadline = serializers.DateField(help_text=_("The quarter's deadline by the rule."))
    region = serializers.IntegerField(allow_null=True)
    overall = TallySerializer()
    cities = RegionTallySerializer(many=True)
    provinces = RegionTallySerializer(
        many=True, help_text=_("Per province, for a person who oversees several; empty otherwise.")
    )
    results = UnitStateSerializer(many=True)


def _require_overseer(user) -> None:
    """Completeness and the assessment are for reviewers and administrators (as the pages)."""
    if not selectors.has_overseer_role(user):
        raise exceptions.PermissionDenied()


def _region(user, data: dict) -> Region | None:
    pk = data.get("region")
    if pk is None:
        return None
    region = visible_regions(user, OVERSEER_ROLES).filter(pk=pk).first()
    if region is None:
        raise Http404
    return region


class _Region(forms.Form):
    region = forms.IntegerField(label=_("Region"), required=False, min_value=1, max_value=MAX_ID)


class CompletenessView(APIView):
    @extend_schema(
        parameters=[
            YEAR,
            OpenApiParameter(
                "quarter",
                int,
                enum=[1, 2, 3, 4],
                description=_("The latest ended quarter if left out."),
            ),
            REGION,
            OpenApiParameter("page", int, description=_("A page of 50 units.")),
        ],
        responses=CompletenessSerializer,
    )
    def get(self, request):
        """Where every unit that must report stands with a quarter's report, with totals per
        city (and per province): the completeness page's figures."""
        _require_overseer(request.user)
        today = clock.china_today()
        year, quarter = selectors.default_period(today)
        query = request.query_params
        period = checked(
            PeriodForm(
                {"year": query.get("year", year), "quarter": query.get("quarter", quarter)},
                today=today,
            )
        )
        region = _region(request.user, checked(_Region(query)))
        year, quarter = period["year"], period["quarter"]
        data = selectors.completeness(request.user, year, quarter, today, region=region)
        provinces = by_province.overseen_provinces(request.user) if region is None else []
        by_provinces = (
            by_province.province_completeness(request.user, provinces, year, quarter, today)
            if len(provinces) > 1
            else None
        )
        page = page_of(request, data.rows)
        page["results"] = [
            {
                "unit": row.unit.pk,
                "unit_name": row.unit.name,
                "city": row.city.pk,
                "city_name": row.city.name,
                "state": row.state,
                "due_date": row.due_date,
                "report": row.report.pk if row.report is not None else None,
                "submitted_at": row.submitted_at,
                "item_count": row.item_count,
                "nothing_to_report": bool(row.report and row.report.nothing_to_report),
            }
            for row in page["results"]
        ]
        body = {
            "year": year,
            "quarter": quarter,
            "deadline": deadlines.default_due_date(year, quarter),
            "region": region.pk if region else None,
            "overall": tally(data.overall),
            "cities": [
                {"id": c.city.pk, "name": c.city.name, "tally": tally(c.tally)} for c in data.cities
            ],
            "provinces": [
                {"id": p.province.pk, "name": p.province.name, "tally": tally(p.tally)}
                for p in (by_provinces.provinces if by_provinces else [])
            ],
            **page,
        }
        return Response(CompletenessSerializer(body).data)


# The annual assessment -------------------------------------------------------------------


class UnitScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    region = serializers.IntegerField()
    region_name = serializers.CharField()
    points = serializers.DecimalField(max_digits=14, decimal_places=2)
    adopted = serializers.IntegerField()
    by_level = LevelCountsSerializer()
    by_type = TypeCountsSerializer()


class AssessmentSerializer(PageSerializer):
    year = serializers.IntegerField()
    region = serializers.IntegerField(allow_null=True)
    results = UnitScoreSerializer(many=True)


class PersonScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    person = serializers.IntegerField()
    name = serializers.CharField()
    unit_name = serializers.CharField()
    adopted = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=14, decimal_places=2)


class PeopleAssessmentSerializer(PageSerializer):
    year = serializers.IntegerField()
    region = serializers.IntegerField(allow_null=True)
    results = PersonScoreSerializer(many=True)


def _year_and_region(request) -> tuple[int, Region | None]:
    _require_overseer(request.user)
    today = clock.china_today()
    query = request.query_params
    year = checked(YearForm({"year": query.get("year", today.year)}, today=today))["year"]
    return year, _region(request.user, checked(_Region(query)))


ASSESSMENT_PARAMETERS = [
    YEAR,
    REGION,
    OpenApiParameter("page", int, description=_("A page of 50.")),
]


class AssessmentView(APIView):
    @extend_schema(parameters=ASSESSMENT_PARAMETERS, responses=AssessmentSerializer)
    def get(self, request):
        """The units ranked by the year's adopted points, with their adopted items per media
        level and type: the assessment page's ranking."""
        year, region = _year_and_region(request)
        page = page_of(request, selectors.unit_scores(request.user, year, region=region))
        page["results"] = [
            {
                "rank": s.rank,
                "unit": s.unit.pk,
                "unit_name": s.unit.name,
                "region": s.unit.region_id,
                "region_name": s.unit.region.name,
                "points": s.points,
                "adopted": s.adopted,
                "by_level": dict(zip(MediaLevel.values, s.by_level, strict=True)),
                "by_type": dict(zip(MediaType.values, s.by_type, strict=True)),
            }
            for s in page["results"]
        ]
        body = {"year": year, "region": region.pk if region else None, **page}
        return Response(AssessmentSerializer(body).data)


class AssessmentPeopleView(APIView):
    @extend_schema(parameters=ASSESSMENT_PARAMETERS, responses=PeopleAssessmentSerializer)
    def get(self, request):
        """The people ranked by the adopted items they wrote in the year, with those items'
        points: the assessment page's second table."""
        year, region = _year_and_region(request)
        page = page_of(request, selectors.person_scores(request.user, year, region=region))
        page["results"] = [
            {
                "rank": p.rank,
                "person": p.user_id,
                "name": p.name,
                "unit_name": p.unit_name,
                "adopted": p.adopted,
                "points": p.points,
            }
            for p in page["results"]
        ]
        body = {"year": year, "region": region.pk if region else None, **page}
        return Response(PeopleAssessmentSerializer(body).data)
