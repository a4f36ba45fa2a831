"""The community newsletter (社区报).

An ``Article`` is drafted from activity records (``jiedao.activities.stories``), edited by
hand and goes 草稿 → 送审 → 通过 (or 退回 with a ``Review`` comment) → 刊发. An ``NewsletterIssue`` (期)
places approved articles in order; publishing it publishes them, and from then on the
issue, its articles and their photos are public (archive, Atom feed, print PDF).

An article keeps the records it was written from (``sources``: what each paragraph's
figures were counted from) and the ``fingerprint`` of those facts. When a record changes
after publication the article is flagged to its editor (``records_changed_at``); nothing
is rewritten by itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from jiedao.accounts.models import Role
from jiedao.activities.models import Activity
from jiedao.org.models import TenantOwned


class Office(models.TextChoices):
    """The office credited at an article's end, keyed by the role that runs it: its holders
    review the article. Labels as the newsletter prints them: （党建办）."""

    PARTY_OFFICE = Role.PARTY_OFFICE.value, _("党建办")
    PARTY_MASS_CENTRE = Role.PARTY_MASS_CENTRE.value, _("党群中心")
    LABOUR_OFFICE = Role.LABOUR_OFFICE.value, _("社区受理中心")
    UNION_FEDERATION = Role.UNION_FEDERATION.value, _("总工会")
    SUBDISTRICT = Role.SUBDISTRICT_ADMIN.value, _("街道办")


class NewsletterIssue(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("编排中")
        PUBLISHED = "published", _("已刊发")

    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(_("期号"), help_text=_("当年第几期"))
    date = models.DateField(_("出版日期"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("刊发时间"), null=True, blank=True)
    # The print edition, rendered on first request after publication and kept.
    pdf = models.FileField(_("印刷版"), upload_to="bulletin/pdf/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("期")
        verbose_name_plural = pgettext_lazy("plural", "期")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "year", "number"], name="bulletin_issue_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="bulletin_issue_number_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="bulletin_issue_published_at"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(year)d年第%(number)d期") % {"year": self.year, "number": self.number}

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Article(TenantOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("送审")
        RETURNED = "returned", _("退回")
        APPROVED = "approved", _("通过")
        PUBLISHED = "published", _("刊发")

    kicker = models.CharField(_("引题"), max_length=100, blank=True)
    title = models.CharField(_("标题"), max_length=100)
    subtitle = models.CharField(_("副题"), max_length=100, blank=True)
    body = models.TextField(_("正文"), help_text=_("段落、列表、加粗与强调；其余格式保存时去除。"))
    office = models.CharField(_("署名科室"), max_length=32, choices=Office.choices)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bulletin_articles",
        verbose_name=_("编辑"),
    )
    activities = models.ManyToManyField(Activity, related_name="+", blank=True, verbose_name=_("报道的活动"))
    # What the draft was written from: [{"model", "pk", "label"}, ...] and the digest of
    # those facts (``Story.fingerprint``) to notice a record changing later.
    sources = models.JSONField(_("来源记录"), default=list, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    records_changed_at = models.DateTimeField(_("记录变更于"), null=True, blank=True)
    issue = models.ForeignKey(
        NewsletterIssue, on_delete=models.PROTECT, null=True, blank=True, related_name="articles", verbose_name=_("期")
    )
    position = models.PositiveSmallIntegerField(_("版序"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = pgettext_lazy("plural", "稿件")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "position"], name="bulletin_article_one_place"),
            # Placed in an issue only once approved; published only inside an issue.
            models.CheckConstraint(
                condition=Q(issue__isnull=True) | Q(status__in=["approved", "published"]),
                name="bulletin_article_placed_when_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(issue__isnull=False), name="bulletin_article_published_in_issue"
            ),
            models.CheckConstraint(
                condition=Q(issue__isnull=True, position__isnull=True) | Q(issue__isnull=False, position__isnull=False),
                name="bulletin_article_position_with_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def credit(self) -> str:
        return str(Office(self.office).label)


class ArticlePhoto(TenantOwned):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos", verbose_name=_("稿件"))
    image = models.ImageField(_("照片"), upload_to="bulletin/photos/%Y/")
    caption = models.CharField(_("图片说明"), max_length=200)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("稿件照片")
        verbose_name_plural = pgettext_lazy("plural", "稿件照片")
        ordering = ["article", "position", "id"]

    def __str__(self) -> str:
        return self.caption


class Review(TenantOwned):
    """One decision on a submitted article: 通过, or 退回 with what to change."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("通过")
        RETURNED = "returned", _("退回")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("稿件"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("审核人")
    )
    decision = models.CharField(_("结论"), max_length=16, choices=Decision.choices)
    comment = models.TextField(_("意见"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审稿意见")
        verbose_name_plural = pgettext_lazy("plural", "审稿意见")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(comment=""), name="bulletin_review_returned_with_comment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.get_decision_display()}"
