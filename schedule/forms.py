from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PortalPageForm

from . import weeks

# The admin's date picker writes dates day first (WAGTAIL_DATE_FORMAT), but Django's Vietnamese
# formats read "05/10/2026" month first, as 10 May. Read them as the picker writes them.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class WeeklySchedulePageForm(PortalPageForm):
    """The week page's editor: suggests the next week to fill in and keeps entries inside the week.

    The entry's own checks (content, time against part of the day) live on the entry model;
    whether its day is in the week needs the page's week, so it is checked here, on the entry.
    Pages are reached through ``_meta.model`` (WeeklySchedulePage): the page imports this form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "week_start" in self.fields:
            self.fields["week_start"].input_formats = DATE_INPUT_FORMATS
            if not self.instance.pk and not self.initial.get("week_start"):
                self.initial["week_start"] = self.suggested_week()
        if "entries" in self.formsets:
            for form in self.formsets["entries"].forms:
                if "day" in form.fields:
                    form.fields["day"].input_formats = DATE_INPUT_FORMATS

    def suggested_week(self):
        this_week = weeks.monday_of(timezone.localdate())
        if self.parent_page is None:
            return this_week
        latest = self._meta.model.objects.child_of(self.parent_page).order_by("-week_start").first()
        if latest is None:
            return this_week
        return max(this_week, weeks.next_week(latest.week_start))

    def clean(self):
        cleaned_data = super().clean()
        monday = cleaned_data.get("week_start")
        if monday is None:
            return cleaned_data
        # The model checks this too, but a page being created learns its parent only on save.
        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        try:
            self._meta.model.validate_week(monday, parent, self.instance.pk)
        except ValidationError as error:
            self.add_error(None, error)
            return cleaned_data
        formset = self.formsets.get("entries")
        if formset is None:
            return cleaned_data
        sunday = monday + timedelta(days=6)
        for form in formset.forms:
            if form.errors.get("day") or not hasattr(form, "cleaned_data"):
                continue
            if formset.can_delete and formset._should_delete_form(form):
                continue
            day = form.cleaned_data.get("day")
            if day is not None and not monday <= day <= sunday:
                form.add_error(
                    "day",
                    ValidationError(
                        _("%(day)s is outside this week (%(dates)s)."),
                        params={"day": f"{day:%d/%m/%Y}", "dates": weeks.date_range_label(monday)},
                    ),
                )
        return cleaned_data
