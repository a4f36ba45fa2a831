"""Job seekers (求职登记), guidance (职业指导), referrals to vacancies, and the follow-up
of trainees into work after a class (30, 90 and 180 days by default).

A follow-up row exists for each (enrolment, day offset) once its class has ended
(``services.follow_ups.schedule_follow_ups``); until someone records what they found it
stays ``unknown`` — never counted as "not employed" (``selectors.rates``). Its due date
is not stored: it is the class's last day plus the offset, read from the class each time
(``with_due_on``), so it follows when the class's dates change.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Func, Q
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.employment import trainees
from jiedao.org.models import TenantOwned, Unit
from jiedao.people.models import Person
from jiedao.training.models import Enrolment


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")


class Availability(models.TextChoices):
    FULL_TIME = "full_time", _("全日制")
    PART_TIME = "part_time", _("非全日制")
    FLEXIBLE = "flexible", _("灵活就业")


class ClosedReason(models.TextChoices):
    EMPLOYED = "employed", _("已就业")
    LEFT = "left", _("不再求职（迁出、退休等）")


class JobSeeker(TenantOwned):
    """求职登记: one registration per registry person. Closed (``closed_on``, with the
    reason) when the person found work or left the register; reopened by clearing the
    date. While it is open the registry's ``Person.is_job_seeker`` is true."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="job_seeker_registrations")
    registered_on = models.DateField(_("登记日期"))
    is_registered_unemployed = models.BooleanField(_("登记失业"), default=False)
    unemployed_since = models.DateField(_("失业登记日期"), null=True, blank=True)
    education = models.CharField(_("文化程度"), max_length=16, choices=Education.choices)
    skills_wanted = models.CharField(_("希望学习的技能"), max_length=200, blank=True)
    desired_work = models.CharField(_("求职意向"), max_length=200, blank=True)
    availability = models.CharField(_("可工作方式"), max_length=16, choices=Availability.choices)
    available_from = models.DateField(_("可上岗日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    closed_on = models.DateField(_("注销日期"), null=True, blank=True)
    closed_reason = models.CharField(_("注销原因"), max_length=16, choices=ClosedReason.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("求职登记")
        verbose_name_plural = pgettext_lazy("plural", "求职登记")
        constraints = [
            models.UniqueConstraint(fields=["person"], name="jobseeker_one_per_person"),
            # The date of the unemployment registration goes with the status, and only with it.
            models.CheckConstraint(
                condition=Q(is_registered_unemployed=True, unemployed_since__isnull=False)
                | Q(is_registered_unemployed=False, unemployed_since__isnull=True),
                name="jobseeker_unemployed_since_with_status",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("registered_on")),
                name="jobseeker_closed_after_registered",
            ),
            # A closed registration says why; an open one has no reason.
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closed_reason="")
                | Q(closed_on__isnull=False, closed_reason__in=ClosedReason.values),
                name="jobseeker_closed_with_reason",
            ),
        ]
        indexes = [models.Index(fields=["subdistrict", "closed_on"])]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class GuidanceSession(TenantOwned):
    """职业指导: one session with a job seeker, by a member of staff."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="guidance_sessions")
    held_on = models.DateField(_("指导日期"))
    adviser = models.CharField(_("指导人员"), max_length=64)
    topic = models.CharField(_("指导内容"), max_length=200)
    advice = models.TextField(_("建议与后续"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("职业指导")
        verbose_name_plural = pgettext_lazy("plural", "职业指导")

    def __str__(self) -> str:
        return f"{self.job_seeker} {self.held_on}"


class JobReferral(TenantOwned):
    """A referral to a vacancy: an employer of the registry (``org.Unit``) or one named
    in free text, and what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("待反馈")
        INTERVIEWED = "interviewed", _("已面试")
        HIRED = "hired", _("已录用")
        NOT_HIRED = "not_hired", _("未录用")
        DECLINED = "declined", _("本人放弃")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="referrals")
    referred_on = models.DateField(_("推荐日期"))
    employer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("用人单位")
    )
    employer_name = models.CharField(_("用人单位（未登记）"), max_length=100, blank=True)
    position = models.CharField(_("岗位"), max_length=100)
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("岗位推荐")
        verbose_name_plural = pgettext_lazy("plural", "岗位推荐")
        constraints = [
            # Exactly one of: a registry unit, or a name typed in.
            models.CheckConstraint(
                condition=Q(employer__isnull=False, employer_name="") | Q(employer__isnull=True) & ~Q(employer_name=""),
                name="referral_one_employer",
            ),
            models.CheckConstraint(
                condition=Q(outcome="pending", outcome_on__isnull=True)
                | ~Q(outcome="pending") & Q(outcome_on__isnull=False),
                name="referral_outcome_dated",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("referred_on")),
                name="referral_outcome_after_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_seeker} → {self.employer_label}"

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id and self.employer else self.employer_name


class AddDays(Func):
    """``date + days`` as a date, on SQLite and PostgreSQL."""

    arity = 2
    output_field = models.DateField()

    def _parts(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, str, list[Any]]:
        date, days = self.get_source_expressions()
        date_sql, date_params = compiler.compile(date)
        days_sql, days_params = compiler.compile(days)
        return date_sql, days_sql, [*date_params, *days_params]

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        date_sql, days_sql, params = self._parts(compiler, connection)
        return f"({date_sql} + CAST({days_sql} AS integer))", params

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> tuple[str, list[Any]]:
        date_sql, days_sql, params = self._parts(compiler, connection)
        return f"date({date_sql}, '+' || {days_sql} || ' days')", params


class FollowUp(TenantOwned):
    """What became of a trainee ``offset_days`` after their class ended. ``unknown``
    until a follow-up is recorded: it is never read as "not employed"."""

    class Outcome(models.TextChoices):
        UNKNOWN = "unknown", _("未随访")
        EMPLOYED = "employed", _("已就业")
        SELF_EMPLOYED = "self_employed", _("自主创业/灵活就业")
        FURTHER_TRAINING = "further_training", _("继续培训")
        NOT_EMPLOYED = "not_employed", _("未就业")
        UNREACHABLE = "unreachable", _("联系不上")

    class Contract(models.TextChoices):
        OPEN_ENDED = "open_ended", _("无固定期限劳动合同")
        FIXED_TERM = "fixed_term", _("固定期限劳动合同")
        PART_TIME = "part_time", _("非全日制用工")
        DISPATCH = "dispatch", _("劳务派遣")
        NONE = "none", _("未签合同")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="follow_ups")
    offset_days = models.PositiveSmallIntegerField(_("结业后天数"))
    outcome = models.CharField(_("随访结果"), max_length=20, choices=Outcome.choices, default=Outcome.UNKNOWN)
    followed_up_on = models.DateField(_("随访日期"), null=True, blank=True)
    employer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("就业单位")
    )
    employer_name = models.CharField(_("就业单位（未登记）"), max_length=100, blank=True)
    employed_since = models.DateField(_("入职日期"), null=True, blank=True)
    contract = models.CharField(_("用工形式"), max_length=16, choices=Contract.choices, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["enrolment_id", "offset_days", "id"]
        verbose_name = _("就业随访")
        verbose_name_plural = pgettext_lazy("plural", "就业随访")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "offset_days"], name="followup_one_per_offset"),
            models.CheckConstraint(condition=Q(offset_days__gte=1), name="followup_offset_positive"),
            # Recorded ⇔ dated.
            models.CheckConstraint(
                condition=Q(outcome="unknown", followed_up_on__isnull=True)
                | ~Q(outcome="unknown") & Q(followed_up_on__isnull=False),
                name="followup_recorded_dated",
            ),
            # Employed: where (a registry unit or a name, not both) and since when.
            models.CheckConstraint(
                condition=~Q(outcome="employed")
                | Q(employed_since__isnull=False)
                & (Q(employer__isnull=False, employer_name="") | Q(employer__isnull=True) & ~Q(employer_name="")),
                name="followup_employed_where_since",
            ),
            # Only an employment has an employer, a start and a contract.
            models.CheckConstraint(
                condition=Q(outcome="employed")
                | Q(employer__isnull=True, employer_name="", employed_since__isnull=True, contract=""),
                name="followup_employment_fields_only_when_employed",
            ),
        ]
        indexes = [models.Index(fields=["subdistrict", "outcome"])]

    def __str__(self) -> str:
        return f"{self.enrolment_id}+{self.offset_days}"

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id and self.employer else self.employer_name


def with_due_on(follow_ups: "models.QuerySet[FollowUp]") -> "models.QuerySet[FollowUp]":
    """Each follow-up with ``due_on``: its class's last day + the offset, read from the
    class now (None while the class has no last day)."""
    return follow_ups.annotate(due_on=AddDays(F(f"enrolment__{trainees.CLASS_END}"), F("offset_days")))
