"""Vocational training (职业技能培训).

``Provider`` (a training school: an ``org.Unit`` of kind TRAINING_SCHOOL with its
licence) runs ``TrainingClass``es of a ``Course``. A class is an activities
``Activity`` of kind CLASS with sign-out, so its sessions, QR sign-in and attendance
come from the activities core; hours attended are computed from those records.
``Enrolment`` holds a seat (the class's ``seats_taken`` counter is bounded by a check
constraint, so capacity holds under any concurrency), or waits on the class's list.
``Work`` is what a trainee made for a ``RequiredWork``, with photos and the teacher's
mark. ``Certificate`` is the completion certificate (one per enrolment);
``ExternalCertificate`` records one the authority issued. ``SubsidyRule`` and
``SubsidyClaim`` carry the 职业技能提升补贴.

The employment app reads ``Enrolment`` (person, training_class, status,
``completed_on``) and ``TrainingClass`` (provider, course, ``ends_on``).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jiedao.activities.models import Activity, Session
from jiedao.org.models import TenantOwned, Unit
from jiedao.people.models import Person


class Grade(models.TextChoices):
    """What a course leads to: a special vocational ability (no grade) or a
    vocational skill level (职业技能等级)."""

    SPECIAL = "special", _("专项职业能力")
    LEVEL_5 = "level5", _("五级/初级工")
    LEVEL_4 = "level4", _("四级/中级工")
    LEVEL_3 = "level3", _("三级/高级工")
    LEVEL_2 = "level2", _("二级/技师")
    LEVEL_1 = "level1", _("一级/高级技师")


class Provider(TenantOwned):
    """A training school (培训机构) with its licence."""

    unit = models.OneToOneField(
        Unit, on_delete=models.PROTECT, related_name="training_provider", verbose_name=_("单位")
    )
    licence_number = models.CharField(_("办学许可证号"), max_length=64)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训机构")
        verbose_name_plural = pgettext_lazy("plural", "培训机构")
        ordering = ["unit__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "licence_number"], name="training_provider_unique_licence"),
        ]

    def __str__(self) -> str:
        return self.unit.name


# The first day of the oldest subsidy rule: Shanghai's defaults are dated from here so
# that every class, however old, finds a rule.
RULES_SINCE = dt.date(2000, 1, 1)


class SubsidyRule(TenantOwned):
    """One version of a row of the subsidy table: the full amount for a grade and the
    share paid to the unemployed (and listed groups) and to the employed, in force
    from ``valid_from`` until the next version of the same grade. A class's subsidy
    follows the version in force on its start date; a change is a new version, so
    the rule an old claim was computed by stays as it was."""

    grade = models.CharField(_("证书等级"), max_length=16, choices=Grade.choices)
    valid_from = models.DateField(_("起始日期"), default=RULES_SINCE)
    amount = models.DecimalField(_("补贴标准（元）"), max_digits=10, decimal_places=2)
    unemployed_share = models.DecimalField(
        _("失业及重点群体比例"), max_digits=4, decimal_places=2, default=Decimal("1.00")
    )
    employed_share = models.DecimalField(_("在职人员比例"), max_digits=4, decimal_places=2, default=Decimal("0.80"))
    note = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("补贴标准")
        verbose_name_plural = pgettext_lazy("plural", "补贴标准")
        ordering = ["grade", "-valid_from", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "grade", "valid_from"], name="training_subsidy_rule_one_per_grade_and_day"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="training_subsidy_rule_amount"),
            models.CheckConstraint(
                condition=Q(
                    unemployed_share__gte=0, unemployed_share__lte=1, employed_share__gte=0, employed_share__lte=1
                ),
                name="training_subsidy_rule_shares",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_grade_display()} {self.amount}"


class Course(TenantOwned):
    class Eligibility(models.TextChoices):
        JOB_SEEKERS = "job_seekers", _("本街道登记求职者")
        OPEN = "open", _("不限")

    name = models.CharField(_("名称"), max_length=100)
    grade = models.CharField(_("类别/等级"), max_length=16, choices=Grade.choices)
    description = models.TextField(_("说明"), blank=True)
    prescribed_hours = models.DecimalField(_("规定课时"), max_digits=6, decimal_places=1)
    # Completion: hours attended ≥ prescribed hours × this share.
    completion_share = models.DecimalField(_("课时完成比例"), max_digits=4, decimal_places=2, default=Decimal("1.00"))
    capacity = models.PositiveIntegerField(_("每班人数"), default=45)
    eligibility = models.CharField(
        _("报名条件"), max_length=16, choices=Eligibility.choices, default=Eligibility.JOB_SEEKERS
    )
    is_active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训项目")
        verbose_name_plural = pgettext_lazy("plural", "培训项目")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "name"], name="training_course_unique_name"),
            models.CheckConstraint(condition=Q(prescribed_hours__gt=0), name="training_course_hours"),
            models.CheckConstraint(
                condition=Q(completion_share__gt=0, completion_share__lte=1), name="training_course_share"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_course_capacity"),
        ]

    def __str__(self) -> str:
        return self.name


class RequiredWork(TenantOwned):
    """A work or assessment every trainee must make or pass (作品/考核)."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="required_works", verbose_name=_("培训项目")
    )
    name = models.CharField(_("名称"), max_length=100)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("必做作品")
        verbose_name_plural = pgettext_lazy("plural", "必做作品")
        ordering = ["course", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "name"], name="training_required_work_unique")]

    def __str__(self) -> str:
        return self.name


class TrainingClass(TenantOwned):
    """培训班: a course run by a provider, as an activity with sessions."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="classes", verbose_name=_("培训项目"))
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="classes", verbose_name=_("培训机构"))
    activity = models.OneToOneField(
        Activity, on_delete=models.PROTECT, related_name="training_class", verbose_name=_("活动")
    )
    name = models.CharField(_("班级名称"), max_length=200)
    place = models.CharField(_("上课地点"), max_length=200)
    capacity = models.PositiveIntegerField(_("人数上限"))
    # Seats held by enrolled trainees and open offers; the check keeps it ≤ capacity.
    seats_taken = models.PositiveIntegerField(_("已占名额"), default=0)
    # Kept equal to the first and last session's dates by the services.
    starts_on = models.DateField(_("开班日期"), null=True, blank=True)
    ends_on = models.DateField(_("结业日期"), null=True, blank=True)
    enrolment_open = models.BooleanField(_("接受报名"), default=True)
    offer_hours = models.PositiveSmallIntegerField(_("候补名额保留（小时）"), default=48)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = pgettext_lazy("plural", "培训班")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_class_capacity"),
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="training_class_not_overfull"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="training_class_dates"
            ),
            models.CheckConstraint(condition=Q(offer_hours__gte=1), name="training_class_offer_hours"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def provider_unit(self) -> Unit:
        return self.provider.unit


class Enrolment(TenantOwned):
    """A trainee in a class. ENROLLED and OFFERED hold a seat; WAITING waits for one."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("在读")
        WAITING = "waiting", _("候补")
        OFFERED = "offered", _("候补待确认")
        WITHDRAWN = "withdrawn", _("已退出")
        COMPLETED = "completed", _("已结业")
        NOT_COMPLETED = "not_completed", _("未结业")

    class Source(models.TextChoices):
        REFERRAL = "referral", _("劳动保障推荐")
        APPLICATION = "application", _("本人报名")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("学员"))
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("培训班")
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    offer_expires_at = models.DateTimeField(_("保留至"), null=True, blank=True)
    # The registry's job-seeker flag when the person enrolled (the registry keeps no
    # history): the subsidy's share is judged on it.
    job_seeker_at_enrolment = models.BooleanField(_("报名时为登记求职者"), default=False)
    # Set when the class is closed and the completion rule is met.
    completed_on = models.DateField(_("结业日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SEAT_STATUSES = (Status.ENROLLED, Status.OFFERED, Status.COMPLETED, Status.NOT_COMPLETED)

    class Meta:
        verbose_name = _("学员报名")
        verbose_name_plural = pgettext_lazy("plural", "学员报名")
        ordering = ["training_class", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "person"], name="training_enrolment_once"),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="training_enrolment_offer_expiry",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status="completed"), name="training_enrolment_completed_on"
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="training_enrolment_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.training_class}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class HoursCorrection(TenantOwned):
    """A staff correction of one trainee's hours at one session, with its reason.
    It replaces the hours computed from the sign-in and sign-out records."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="corrections")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("场次"))
    hours = models.DecimalField(_("计入课时"), max_digits=5, decimal_places=1)
    reason = models.CharField(_("原因"), max_length=200)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("课时更正")
        verbose_name_plural = pgettext_lazy("plural", "课时更正")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="training_correction_once"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="training_correction_hours"),
        ]


class SessionHours(TenantOwned):
    """The hours a class session counts for (课时), set when the session is planned."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="training_hours")
    hours = models.DecimalField(_("课时"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("场次课时")
        verbose_name_plural = pgettext_lazy("plural", "场次课时")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="training_session_hours")]


class Work(TenantOwned):
    """作品: what a trainee made for one required work, with the teacher's mark."""

    class Mark(models.TextChoices):
        PENDING = "pending", _("待评")
        PASSED = "passed", _("合格")
        FAILED = "failed", _("不合格")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="works", verbose_name=_("学员"))
    required_work = models.ForeignKey(
        RequiredWork, on_delete=models.PROTECT, related_name="works", verbose_name=_("作品")
    )
    photo = models.ImageField(_("照片"), upload_to="training/works/", blank=True)
    thumbnail = models.ImageField(_("缩略图"), upload_to="training/thumbs/", blank=True)
    mark = models.CharField(_("评定"), max_length=8, choices=Mark.choices, default=Mark.PENDING)
    comment = models.CharField(_("评语"), max_length=200, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("评定时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("作品")
        verbose_name_plural = pgettext_lazy("plural", "作品")
        ordering = ["enrolment", "required_work__position", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "required_work"], name="training_work_once")]


class CompletionCertificate(TenantOwned):
    """结业证书: one per enrolment that met the completion rule."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("学员")
    )
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    hours = models.DecimalField(_("完成课时"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("达到等级"), max_length=16, choices=Grade.choices)
    issued_on = models.DateField(_("发证日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("结业证书")
        verbose_name_plural = pgettext_lazy("plural", "结业证书")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""), name="training_certificate_revoke_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ExternalCertificate(TenantOwned):
    """A certificate the authority issued (职业技能等级证书, 专项职业能力证书): recorded, not generated."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="external_certificates", verbose_name=_("学员")
    )
    grade = models.CharField(_("等级"), max_length=16, choices=Grade.choices)
    number = models.CharField(_("证书编号"), max_length=64)
    issued_on = models.DateField(_("发证日期"))
    issuer = models.CharField(_("发证机构"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("职业资格证书")
        verbose_name_plural = pgettext_lazy("plural", "职业资格证书")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "number"], name="training_external_certificate_unique"),
        ]

    def __str__(self) -> str:
        return self.number


class SubsidyClaim(TenantOwned):
    """职业技能提升补贴: 申请 → 审核 → 拨付, or 驳回 with a reason."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("申请")
        REVIEWED = "reviewed", _("审核通过")
        PAID = "paid", _("已拨付")
        REJECTED = "rejected", _("驳回")

    class PersonStatus(models.TextChoices):
        UNEMPLOYED = "unemployed", _("登记失业/重点群体")
        EMPLOYED = "employed", _("在职")

    # A rejected claim may be filed again: one claim that is not rejected per enrolment
    # (``training_claim_one_standing``).
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="subsidy_claims", verbose_name=_("学员")
    )
    external_certificate = models.ForeignKey(
        ExternalCertificate, on_delete=models.PROTECT, related_name="+", verbose_name=_("证书")
    )
    rule = models.ForeignKey(SubsidyRule, on_delete=models.PROTECT, related_name="claims", verbose_name=_("补贴标准"))
    person_status = models.CharField(_("开班时身份"), max_length=16, choices=PersonStatus.choices)
    base_amount = models.DecimalField(_("补贴标准（元）"), max_digits=10, decimal_places=2)
    share = models.DecimalField(_("比例"), max_digits=4, decimal_places=2)
    amount = models.DecimalField(_("补贴金额（元）"), max_digits=10, decimal_places=2)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.APPLIED)
    reject_reason = models.CharField(_("驳回原因"), max_length=200, blank=True)
    applied_on = models.DateField(_("申请日期"))
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("补贴申请")
        verbose_name_plural = pgettext_lazy("plural", "补贴申请")
        ordering = ["-applied_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0, base_amount__gte=0), name="training_claim_amounts"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="training_claim_reject_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="training_claim_paid_on"
            ),
            models.UniqueConstraint(
                fields=["enrolment"], condition=~Q(status="rejected"), name="training_claim_one_standing"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.amount}"


def standing_claims() -> "models.QuerySet[SubsidyClaim]":
    """Claims that stand (every status but rejected): at most one per enrolment, and
    what the trainee's outcome and the class's subsidy rule rest on."""
    return SubsidyClaim.objects.exclude(status=SubsidyClaim.Status.REJECTED)
