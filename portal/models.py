"""The shared backbone: the region tree, units, people and their roles, uploaded files,
background jobs and the working-day calendar."""

import functools
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Concat, Lower, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.encryption import EncryptedCharField, blind_index


class RegionLevel(models.TextChoices):
    # Optional: one deployment holding several provinces has the country at its root, and
    # the national office there sees every province. A one-province deployment starts at
    # the province.
    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City / prefecture")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")


LEVEL_DEPTH = {level: depth for depth, level in enumerate(RegionLevel.values)}


class Region(models.Model):
    """An administrative region. `path` is the chain of ids from the root ("/1/7/42/"),
    so a whole subtree is one `path LIKE '/1/7/%'` query on an indexed column."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("GB/T 2260 code"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Six-digit administrative division code, where one exists."),
    )
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # On PostgreSQL db_index also creates a varchar_pattern_ops index, which serves
    # the prefix (startswith) queries of every subtree lookup.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # A region abolished or merged in a newer release of the official divisions is kept,
    # with its units and reports, but is no longer offered for choosing.
    is_active = models.BooleanField(_("active"), default=True)

    # The path is derived from parent, and is only known after the first insert.
    history = HistoricalRecords(excluded_fields=["path"])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=RegionLevel.values), name="region_level_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
        if new_path == old_path:
            return
        Region.objects.filter(pk=self.pk).update(path=new_path)
        if old_path:
            # The region moved: its descendants keep their tail and take the new head.
            Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
            )
        self.path = new_path

    def clean(self):
        if self.parent_id is None:
            if self.level not in (RegionLevel.NATION, RegionLevel.PROVINCE):
                raise ValidationError(
                    {"parent": _("Only the nation or a province may have no parent region.")}
                )
            return
        if self.parent.level == RegionLevel.NATION and self.level != RegionLevel.PROVINCE:
            raise ValidationError({"parent": _("Only provinces sit directly under the nation.")})
        if self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A region cannot be placed inside itself.")})
        if LEVEL_DEPTH.get(self.level, 0) <= LEVEL_DEPTH[self.parent.level]:
            raise ValidationError(
                {
                    "level": _("A %(level)s cannot sit inside a %(parent)s.")
                    % {"level": self.get_level_display(), "parent": self.parent.get_level_display()}
                }
            )

    @property
    def depth(self) -> int:
        """How far below the root of its tree (0: the nation, or a province at the root)."""
        return self.path.count("/") - 2

    def subtree(self):
        """This region and everything below it, as one indexed query."""
        return Region.objects.filter(path__startswith=self.path)

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/") if part]
        return Region.objects.filter(pk__in=ids).order_by("path")


class UnitKind(models.TextChoices):
    POVERTY_OFFICE = "poverty_office", _("Poverty-alleviation office")
    PROPAGANDA = "propaganda", _("Propaganda department")
    MEDIA = "media", _("Media outlet")
    HELPING_UNIT = "helping_unit", _("Designated helping unit")
    ENTERPRISE = "enterprise", _("Enterprise")
    SOCIAL_ORG = "social_org", _("Social organisation")
    OTHER = "other", _("Other")


class Unit(models.Model):
    """A responsible unit (单位). Reports, assignments, pledges and awards belong to units."""

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="units"
    )
    is_active = models.BooleanField(_("active"), default=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_name_unique_in_region"),
            models.CheckConstraint(
                condition=models.Q(kind__in=UnitKind.values), name="unit_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class PersonHistory(HistoricalRecords):
    """A person's history, in which a save of left-out fields alone writes no row: each
    sign-in saves last_login, and its row would show a change of nothing."""

    def post_save(self, instance, created, using=None, update_fields=None, **kwargs):
        if update_fields is not None and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, update_fields=update_fields, **kwargs)


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    # A mobile number: personal data, encrypted at rest (portal.encryption).
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    # Its blind index, set whenever the phone is: what uniqueness and lookups compare.
    phone_index = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_reminders = models.BooleanField(
        _("deadline reminders by email"),
        default=True,
        help_text=_("Reminders always appear in the portal; this also sends them by email."),
    )
    # When the password was last set (its age runs from here; none: from date_joined).
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)
    # The one session allowed to act for this person; a sign-in elsewhere replaces it.
    live_session_key = models.CharField(max_length=40, blank=True, editable=False)

    history = PersonHistory(
        excluded_fields=[
            "password",
            "last_login",
            "password_changed_at",
            "live_session_key",
            "phone_index",
        ]
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # One identity per person: a mobile number or an email belongs to one account.
            models.UniqueConstraint(
                fields=["phone_index"],
                condition=~models.Q(phone_index=""),
                name="user_phone_unique",
                violation_error_message=_("This mobile number belongs to another account."),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique",
                violation_error_message=_("This email belongs to another account."),
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    def _index_phone(self):
        self.phone_index = blind_index(self.phone, context=self._meta.get_field("phone").context)

    def clean(self):
        super().clean()
        self._index_phone()  # before the constraints are validated, which compare the index

    def save(self, *args, **kwargs):
        self._index_phone()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone" in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_index"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or super().get_full_name() or self.username


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    APPROVER = "approver", _("Unit approver")
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Administrator")
    SECURITY = "security", _("Security administrator")
    AUDITOR = "auditor", _("Audit administrator")


# Roles whose reach is the unit's whole region subtree rather than the unit alone.
REGION_WIDE_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})

# Separation of duties (三权分立): the system administrator (people, units, roles), the
# security administrator (policies) and the audit administrator (the security journal) are
# three people; no account holds two of these roles.
SEPARATED_ROLES = frozenset({Role.ADMIN, Role.SECURITY, Role.AUDITOR})
# The security and audit administrators work in their own portal pages, never in the
# Django admin (where people, units and roles are managed): they are not staff.
NOT_STAFF_ROLES = frozenset({Role.SECURITY, Role.AUDITOR})


def separation_of_duties_error(*, role: str, held, is_staff: bool = False):
    """The ValidationError (on `role`) for giving `role` to a person who holds the roles
    `held` (and is staff of the Django admin or not), or None when they may hold it."""
    held = set(held) - {role}
    conflicting = sorted(held & SEPARATED_ROLES) if role in SEPARATED_ROLES else []
    if conflicting:
        return ValidationError(
            {
                "role": _(
                    "This person already holds the role “%(held)s”: the system, security "
                    "and audit administrators are three different people (separation of "
                    "duties)."
                )
                % {"held": Role(conflicting[0]).label}
            },
            code="separation_of_duties",
        )
    if role in NOT_STAFF_ROLES and is_staff:
        return ValidationError(
            {
                "role": _(
                    "A %(role)s does not work in the administration site: take away this "
                    "person’s staff status first."
                )
                % {"role": Role(role).label}
            },
            code="separation_of_duties",
        )
    return None


def self_grant_error(*, role: str, user, by):
    """The ValidationError (on `role`) for `by` giving themselves a separated role, or None:
    a system administrator cannot make themselves security or audit administrator."""
    if by is None or by.pk is None or by.pk != user.pk or role not in SEPARATED_ROLES:
        return None
    return ValidationError(
        {
            "role": _(
                "You cannot give yourself the role “%(role)s”: another administrator must "
                "(separation of duties)."
            )
            % {"role": Role(role).label}
        },
        code="self_grant",
    )


class PasswordHistory(models.Model):
    """A password a person has used (its hash): a new one may not repeat the last few."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_user")]

    def __str__(self):
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"


def _default_two_factor_roles():
    return list(settings.SECURITY_DEFAULTS["two_factor_roles"])


def _security_default(name):
    return settings.SECURITY_DEFAULTS[name]


class SecurityPolicy(models.Model):
    """The security policy the security administrator sets (one row). Its first values come
    from settings.SECURITY_DEFAULTS, which the environment can change."""

    failure_limit = models.PositiveSmallIntegerField(
        _("wrong passwords before a lockout"),
        default=functools.partial(_security_default, "failure_limit"),
        validators=[MinValueValidator(3), MaxValueValidator(20)],
    )
    cooloff_minutes = models.PositiveSmallIntegerField(
        _("lockout length (minutes)"),
        default=functools.partial(_security_default, "cooloff_minutes"),
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    password_min_length = models.PositiveSmallIntegerField(
        _("minimum password length"),
        default=functools.partial(_security_default, "password_min_length"),
        validators=[MinValueValidator(8), MaxValueValidator(64)],
    )
    password_max_age_days = models.PositiveSmallIntegerField(
        _("password expires after (days)"),
        default=functools.partial(_security_default, "password_max_age_days"),
        validators=[MaxValueValidator(365)],
        help_text=_("0: passwords do not expire."),
    )
    password_history = models.PositiveSmallIntegerField(
        _("passwords that may not be reused"),
        default=functools.partial(_security_default, "password_history"),
        validators=[MaxValueValidator(24)],
    )
    two_factor_roles = models.JSONField(
        _("roles that must use two factors"), default=_default_two_factor_roles, blank=True
    )
    idle_minutes = models.PositiveSmallIntegerField(
        _("sign out after idle (minutes)"),
        default=functools.partial(_security_default, "idle_minutes"),
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    session_hours = models.PositiveSmallIntegerField(
        _("sign out after (hours), however active"),
        default=functools.partial(_security_default, "session_hours"),
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    single_session = models.BooleanField(
        _("one live session per account"),
        default=functools.partial(_security_default, "single_session"),
        help_text=_("Signing in elsewhere ends the other session."),
    )
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("security policy")
        verbose_name_plural = _("security policy")

    def __str__(self):
        return str(_("Security policy"))


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__region__path", "unit__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="membership_unique_role_in_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    def save(self, *args, **kwargs):
        # The last word on separation of duties, whatever path a membership is made by
        # (admin, import, command). The person's row is locked first, so two grants made
        # at the same moment in two transactions are checked one after the other.
        with transaction.atomic():
            if self.role in SEPARATED_ROLES | NOT_STAFF_ROLES:
                list(User.objects.select_for_update().filter(pk=self.user_id).values("pk"))
                self.check_separation()
            super().save(*args, **kwargs)

    def clean(self):
        # A formset that sees all of a person's memberships at once (the person's admin
        # page) checks them together instead, and sets this.
        if self.user_id is not None and not getattr(self, "separation_checked", False):
            self.check_separation()

    def check_separation(self) -> None:
        """Separation of duties against the person's other memberships as stored."""
        others = Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
        error = separation_of_duties_error(
            role=self.role,
            held=others.values_list("role", flat=True),
            is_staff=self.user.is_staff,
        )
        if error is not None:
            raise error

    @property
    def is_region_wide(self) -> bool:
        return self.role in REGION_WIDE_ROLES


def _attachment_path(instance, filename):
    # Files are stored under a random name: the name a user chose never reaches the disk.
    return f"attachments/{instance.pk.hex[:2]}/{instance.pk.hex}"


class Attachment(models.Model):
    """An uploaded file, owned by a unit and served only through a scope-checked view."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class JobState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the task service")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """A task to run, written in the same transaction as the change it belongs to (an
    outbox): what the broker loses, or never received because it was down, is handed to it
    again from here (`portal.jobs`)."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.WAITING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Last handed to the broker; with `run_after`, when a queued job counts as lost.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    run_after = models.DateTimeField(_("not before"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # host:pid of the worker process running it, so a redelivered copy can tell a dead one.
    runner = models.CharField(_("run by"), max_length=200, blank=True)
    dispatches = models.PositiveIntegerField(_("times handed to the broker"), default=0)
    runs = models.PositiveIntegerField(_("times started"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweeper's and the status page's question: what is not finished, oldest first.
            models.Index(
                fields=["state", "created_at"],
                name="job_unfinished",
                condition=models.Q(state__in=["waiting", "queued", "running"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=JobState.values), name="job_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("From the chinesecalendar package")
    ENTERED = "entered", _("Entered by an administrator")


class WorkCalendarYear(models.Model):
    """One year's official holiday arrangement (国务院办公厅关于XXXX年部分节假日安排的通知):
    its holidays and make-up working days are its `days`. A year without a row is counted
    from the package if it knows the year, else Monday to Friday (`portal.workdays`)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=10, choices=CalendarSource.choices)
    notice = models.CharField(_("notice title"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        User,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)
    # A save from a page that showed an older version is refused (two administrators).
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working-day calendar year")
        verbose_name_plural = _("working-day calendar years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=CalendarSource.values),
                name="work_calendar_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="work_calendar_year_in_range",
            ),
        ]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the Monday-to-Friday rule, or is a holiday on a weekend:
    a holiday (is_working_day False) or a make-up working day (调休上班, True)."""

    calendar = models.ForeignKey(
        WorkCalendarYear,
        verbose_name=_("year"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    # One answer per date; a year's days are read through `calendar` (its foreign-key index).
    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    name = models.CharField(_("name"), max_length=50, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}".strip()


class JournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalIsAppendOnly(_("A journal entry cannot be changed."))

    def delete(self):
        raise JournalIsAppendOnly(_("A journal entry cannot be deleted."))


class JournalEntry(models.Model):
    """One entry of the portal's journal: who did what (a dotted action code such as
    "submissions.report.returned") to which object, when. Every app writes it through
    portal.journal.record; history pages are filters on it. Append-only: a saved entry
    is never changed or deleted through the ORM."""

    action = models.CharField(_("action"), max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    # The object the entry is about; none for an action on nothing stored (rare).
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Where the request came from (security events); none for work done by the system.
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    # The tamper-evident chain: entries are sealed in order after they commit; each sealed
    # entry's digest covers its content and the digest of the entry sealed before it.
    seq = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = JournalQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["at", "pk"]
        indexes = [
            # The history pages: the entries of one object, newest first.
            models.Index(
                fields=["content_type", "object_id", "-at", "-id"], name="journal_target_newest"
            ),
            # Finding entries by code across objects (an import key, a filing count).
            models.Index(fields=["action", "at"], name="journal_action_at"),
        ]

    def __str__(self):
        return f"{self.action} by {self.actor_id or '-'} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise JournalIsAppendOnly(_("A journal entry cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalIsAppendOnly(_("A journal entry cannot be deleted."))


class JournalIsAppendOnly(Exception):
    """Raised on an attempt to change or delete a journal entry."""
