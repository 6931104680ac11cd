"""The approval pipeline's task types and the record of every editorial decision."""

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, Task, TaskState, WorkflowState


class RejectionReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate")
    LOW_QUALITY = "low_quality", _("Low quality")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Other")


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3}))


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What must be changed"), max_length=2000, widget=forms.Textarea({"rows": 4}), strip=True
    )


class RejectForm(forms.Form):
    # No reason is chosen in advance: a hurried reviewer would reject for the wrong one.
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=RejectionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the rejection.")},
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3}))


# Wagtail calls "request changes" `reject`; our final refusal with a reason is `refuse`.
ACTION_FORMS = {"approve": ApproveForm, "reject": RequestChangesForm, "refuse": RejectForm}


class ReviewActionsMixin:
    """Approve, request changes (with a comment) or reject (with a reason), each recorded."""

    def user_can_review(self, obj, user) -> bool:
        raise NotImplementedError

    def get_actions(self, obj, user):
        if not self.user_can_review(obj, user):
            return []
        return [
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
            ("reject", _("Request changes"), True),
            ("refuse", _("Reject"), True),
        ]

    def get_form_for_action(self, action):
        return ACTION_FORMS.get(action, ApproveForm)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name not in ACTION_FORMS or not self.user_can_review(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        # The editor's own buttons send these values as unchecked JSON: check them again.
        form = ACTION_FORMS[action_name](data=kwargs)
        if not form.is_valid():
            raise PermissionDenied(form.errors.as_text())
        comment = form.cleaned_data.get("comment", "")
        reason = form.cleaned_data.get("reason", "")
        # Recorded first, so the history reads approval before the publication it causes.
        decision = ACTION_DECISIONS[action_name]
        EditorialDecision.record(task_state, user, decision, reason=reason, comment=comment)
        if action_name == "approve":
            task_state.approve(user=user, comment=comment)
        elif action_name == "reject":
            task_state.reject(user=user, comment=comment)
        else:
            refuse(task_state, user, reason, comment)
        return None

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_reviewers(self, obj):
        raise NotImplementedError


def end_run(workflow_state, user):
    """End a workflow run that neither its last step approved nor its submitter withdrew.

    Wagtail's own ``cancel()`` would log and signal a withdrawal; a rejection or a direct
    publication is recorded as itself instead (``EditorialDecision`` and the audit log).
    """
    workflow_state.status = WorkflowState.STATUS_CANCELLED
    workflow_state.save(update_fields=["status"])
    for task_state in workflow_state.task_states.filter(status=TaskState.STATUS_IN_PROGRESS):
        task_state.specific.cancel(user=user)


def refuse(task_state, user, reason, comment):
    """Reject the item for ``reason``: the run ends here; sending it again is a new submission."""
    label = RejectionReason(reason).label
    task_state.status = TaskState.STATUS_REJECTED
    task_state.finished_at = timezone.now()
    task_state.finished_by = user
    task_state.comment = f"{label}. {comment}".strip()
    task_state.save()
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    log(
        instance=page,
        action="editorial.refuse",
        user=user,
        revision=task_state.revision,
        data={
            "workflow": {"id": workflow_state.workflow_id, "title": workflow_state.workflow.name},
            "task": {"id": task_state.task_id, "title": task_state.task.name},
            "reason": reason,
            "comment": comment,
        },
    )
    end_run(workflow_state, user)


class ReviewTask(ReviewActionsMixin, AbstractGroupApprovalTask):
    """A step reviewed by members of fixed groups (the editorial board, the board heads)."""

    def user_can_review(self, obj, user):
        return user.is_superuser or self._user_in_groups(user)

    def get_reviewers(self, obj):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(groups__in=self.groups.all(), is_active=True).distinct()

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, request changes or reject with a reason")

    class Meta:
        verbose_name = _("group review step")
        verbose_name_plural = _("group review steps")


class CommuneReviewTask(ReviewActionsMixin, Task):
    """A step reviewed by the board of the commune whose subtree holds the page.

    One task serves every commune: adding a commune needs no new workflow.
    """

    def _board(self, obj):
        from communes.models import CommunePage

        page = obj if isinstance(obj, Page) else None
        commune = CommunePage.containing(page) if page is not None else None
        return commune.board_group if commune is not None else None

    def user_can_review(self, obj, user):
        if user.is_superuser:
            return True
        board = self._board(obj)
        return board is not None and user.groups.filter(pk=board.pk).exists()

    def get_reviewers(self, obj):
        board = self._board(obj)
        return board.user_set.filter(is_active=True) if board is not None else []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        from communes.models import CommunePage

        paths = CommunePage.objects.filter(board_group__in=user.groups.all()).values_list("path", flat=True)
        if not paths:
            return TaskState.objects.none()
        under = Q()
        for path in paths:
            under |= Q(path__startswith=path)
        page_ids = Page.objects.filter(under).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        return in_progress.filter(workflow_state__object_id__in=page_ids)

    @classmethod
    def get_description(cls):
        return _("The board of the commune the page belongs to approves, requests changes or rejects")

    class Meta:
        verbose_name = _("commune board review step")
        verbose_name_plural = _("commune board review steps")


class EditorialDecision(models.Model):
    """One event of the approval pipeline, kept so the report can count without re-reading revisions."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Refused")
        CANCELLED = "cancelled", _("Withdrawn")
        PUBLISHED = "published", _("Published")
        # Published by someone who skipped the steps still waiting; a "published" decision follows.
        PUBLISHED_DIRECTLY = "published_directly", _("Published directly")

    page = models.ForeignKey(
        Page, verbose_name=_("page"), null=True, on_delete=models.SET_NULL, related_name="editorial_decisions"
    )
    page_title = models.CharField(_("title"), max_length=255)
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task = models.ForeignKey("wagtailcore.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    step = models.CharField(_("step"), max_length=255, blank=True)
    skipped_steps = models.CharField(_("skipped steps"), max_length=500, blank=True)
    action = models.CharField(_("decision"), max_length=20, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=RejectionReason.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitter"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the item was at the time, so later edits of the page do not rewrite history.
    section = models.ForeignKey(
        "news.NewsCategoryPage", verbose_name=_("section"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("unit"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["action", "created_at"], name="editorial_decision_action_time"),
            # The report pairs each publication with the first submission of its workflow run.
            models.Index(fields=["workflow_state", "action", "created_at"], name="editorial_decision_run"),
        ]
        permissions = [("view_editorial_report", _("Can view the editorial activity report"))]
        verbose_name = _("editorial decision")
        verbose_name_plural = _("editorial decisions")

    def __str__(self):
        return f"{self.page_title}: {self.description}"

    @property
    def description(self) -> str:
        """The decision as the history, the dashboard and the e-mails word it."""
        if self.action == self.Action.PUBLISHED_DIRECTLY and self.skipped_steps:
            return _("Published directly, skipping the step(s) %(steps)s") % {"steps": self.skipped_steps}
        return self.get_action_display()

    @classmethod
    def record(cls, task_state_or_workflow_state, user, action, reason="", comment="", **fields):
        task_state = task_state_or_workflow_state if isinstance(task_state_or_workflow_state, TaskState) else None
        workflow_state = task_state.workflow_state if task_state else task_state_or_workflow_state
        page = workflow_state.content_object if workflow_state is not None else None
        return cls.for_page(
            page,
            user,
            action,
            workflow_state=workflow_state,
            task=task_state.task if task_state else None,
            reason=reason,
            comment=comment,
            submitter=workflow_state.requested_by if workflow_state is not None else None,
            **fields,
        )

    @classmethod
    def for_page(cls, page, user, action, task=None, submitter=None, **fields):
        specific = page.specific_deferred if page is not None else None
        return cls.objects.create(
            page=page,
            page_title=(page.title if page is not None else "")[:255],
            task=task,
            step=task.name if task is not None else "",
            action=action,
            user=user,
            submitter=submitter or (getattr(specific, "owner", None)),
            section_id=getattr(specific, "section_id", None),
            unit_id=getattr(specific, "contributing_unit_id", None),
            **fields,
        )


ACTION_DECISIONS = {
    "approve": EditorialDecision.Action.APPROVED,
    "reject": EditorialDecision.Action.CHANGES_REQUESTED,
    "refuse": EditorialDecision.Action.REJECTED,
}


DEFAULT_REVIEW_LIMIT = 2
DEFAULT_STALE_AFTER = 30


def parse_days_off(text: str) -> list:
    """The dates of a "one dd/mm/yyyy a line" list; raises ValidationError naming a bad line."""
    from datetime import datetime

    days = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        value = line.strip()
        if not value:
            continue
        try:
            days.append(datetime.strptime(value, "%d/%m/%Y").date())
        except ValueError:
            raise ValidationError(
                _("Line %(number)d (“%(value)s”) is not a date written dd/mm/yyyy.")
                % {"number": number, "value": value[:40]}
            ) from None
    return days


@register_setting(icon="time")
class EditorialSettings(BaseSiteSetting):
    """The rules of the board's regulation: time limits (read by the inbox, the reminders and the
    report) and who may publish an item before its workflow's last step approves it."""

    review_limit = models.PositiveSmallIntegerField(
        _("time limit of a review step (working days)"),
        default=DEFAULT_REVIEW_LIMIT,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Monday to Friday, public holidays excepted. Items waiting longer are overdue."),
    )
    stale_after = models.PositiveSmallIntegerField(
        _("a section is stale after (days)"),
        default=DEFAULT_STALE_AFTER,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Sections with nothing published for this many days are listed in the report."),
    )
    extra_days_off = models.TextField(
        _("other days off"),
        blank=True,
        help_text=_(
            "Days off the government adds each year (the day next to National Day, days moved for Tết), "
            "one dd/mm/yyyy a line. Statutory holidays are already counted."
        ),
    )

    final_approval_required = models.BooleanField(
        _("the last step's approval is mandatory"),
        default=True,
        help_text=_(
            "An item waiting in the approval workflow is published only by the approval of its last step "
            "(the board heads for district news). Administrators and the last step's reviewers may still "
            "publish it directly, with a reason."
        ),
    )
    urgent_publication_allowed = models.BooleanField(
        _("the board may publish urgent items directly"),
        default=False,
        help_text=_(
            "Lets the editorial board publish an urgent notice before the remaining steps approve it, "
            "with a required reason; the submitter and the skipped steps' reviewers are told."
        ),
    )

    panels = [
        MultiFieldPanel([FieldPanel("review_limit"), FieldPanel("extra_days_off")], heading=_("Time limits")),
        FieldPanel("stale_after"),
        MultiFieldPanel(
            [FieldPanel("final_approval_required"), FieldPanel("urgent_publication_allowed")],
            heading=_("Publication"),
        ),
    ]

    class Meta:
        verbose_name = _("editorial rules")
        verbose_name_plural = _("editorial rules")

    def clean(self):
        super().clean()
        try:
            parse_days_off(self.extra_days_off)
        except ValidationError as error:
            raise ValidationError({"extra_days_off": error.messages}) from None

    def days_off(self) -> frozenset:
        try:
            return frozenset(parse_days_off(self.extra_days_off))
        except ValidationError:
            return frozenset()

    @classmethod
    def current(cls):
        """The settings of the default site, for commands that have no request."""
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site is not None else cls()


class UnitTarget(models.Model):
    """How many items the board expects a unit to send each month."""

    unit = models.OneToOneField(
        "core.Unit",
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="editorial_target",
        # Higher-level bodies never send news: they get no target.
        limit_choices_to=Q(is_active=True) & ~Q(kind="superior"),
    )
    monthly_target = models.PositiveSmallIntegerField(
        _("items a month"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("unit"), FieldPanel("monthly_target"), FieldPanel("note")]

    class Meta:
        ordering = ["unit__sort_key"]
        verbose_name = _("unit target")
        verbose_name_plural = _("unit targets")

    def __str__(self):
        return f"{self.unit}: {self.monthly_target}"


class ReminderLog(models.Model):
    """What was already sent, so reminders run from cron every hour send each thing once."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("Overdue reminder")
        DIGEST = "digest", _("Weekly digest")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(Page, verbose_name=_("page"), null=True, on_delete=models.CASCADE, related_name="+")
    # The local day ("2026-11-27") of a daily reminder, the ISO week ("2026-W48") of a digest.
    period = models.CharField(_("period"), max_length=10)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "page", "period"],
                condition=Q(page__isnull=False),
                name="editorial_reminder_once_per_item",
            ),
            models.UniqueConstraint(
                fields=["kind", "recipient", "period"],
                condition=Q(page__isnull=True),
                name="editorial_reminder_once_per_period",
            ),
        ]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"
