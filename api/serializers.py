"""What the API reads and writes. Decimals are strings to the fen, times ISO 8601 with the
Asia/Shanghai offset (+08:00). Input is checked by the portal's own forms (api.views);
the input serializers here only describe it in the schema."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.models import Region, Unit
from submissions.models import Category, Item, MediaLevel, MediaType, Report
from submissions.services import ITEM_FIELDS


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "code", "level", "parent", "is_active"]


class UnitSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "region", "region_name", "is_active"]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="get_full_name")


class ClippingSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(source="original_name")


class ItemSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id", read_only=True)
    authors = PersonSerializer(source="author_list", many=True, read_only=True)
    clippings = ClippingSerializer(source="clipping_list", many=True, read_only=True)
    final_points = serializers.DecimalField(max_digits=7, decimal_places=2, read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "report",
            "number",
            *ITEM_FIELDS,
            "authors",
            "clippings",
            "review_result",
            "rejection_reason",
            "points",
            "final_points",
            "reviewed_at",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    item_count = serializers.IntegerField(read_only=True)
    adopted_count = serializers.IntegerField(read_only=True)
    pending_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "unit_name",
            "year",
            "quarter",
            "status",
            "due_date",
            "submitted_at",
            "is_late",
            "nothing_to_report",
            "nothing_reason",
            "last_comment",
            "item_count",
            "adopted_count",
            "pending_count",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportSerializer):
    """One report with its items and their review results, and the figures its review page
    shows (items, not reviewed, adopted, points)."""

    total_points = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    items = ItemSerializer(many=True, read_only=True, source="item_list")

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "total_points", "items"]
        read_only_fields = fields


# --- Input, as the schema describes it ----------------------------------------------------


class ItemInputSerializer(serializers.Serializer):
    """An item as a county's system sends it (checked by the report page's own form)."""

    title = serializers.CharField(max_length=200)
    outlet = serializers.CharField(max_length=100)
    media_level = serializers.ChoiceField(choices=MediaLevel.choices)
    media_type = serializers.ChoiceField(choices=MediaType.choices)
    published_on = serializers.DateField()
    link = serializers.URLField(max_length=500, required=False, allow_blank=True)
    page = serializers.CharField(max_length=50, required=False, allow_blank=True)
    author_names = serializers.CharField(max_length=200, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices)
    campaign_tag = serializers.CharField(max_length=100, required=False, allow_blank=True)
    is_lead_story = serializers.BooleanField(required=False, default=False)
    leader_endorsed = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    authors = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("Ids of the unit's people who wrote it (for individual commendation)."),
    )


class ItemUpdateSerializer(ItemInputSerializer):
    version = serializers.IntegerField(help_text=_("The item's version as last read."))


class ItemPatchSerializer(ItemUpdateSerializer):
    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if name != "version":
                field.required = False
        return fields


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The report's version as last read."))


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )
