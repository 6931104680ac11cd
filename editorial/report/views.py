from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..access import forbidden_response
from ..models import EditorialSettings
from . import charts
from .exports import EXPORTS
from .periods import PeriodError, default_period, parse_period
from .queries import build_report_for_settings

REPORT_PERMISSION = "editorial.view_editorial_report"
CHART_SECTIONS_LIMIT = 30
CHART_UNITS_LIMIT = 30


def can_view_report(user) -> bool:
    return user.is_active and user.has_perm(REPORT_PERMISSION)


class EditorialActivityReportView(WagtailAdminTemplateMixin, View):
    page_title = gettext_lazy("Editorial activity")
    header_icon = "table"
    template_name = "editorial/report/activity.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            return forbidden_response(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        today = timezone.localdate()
        errors = []
        period = default_period(today)
        try:
            period = parse_period(request.GET, today)
        except PeriodError as error:
            errors.append(error.message)
        export = request.GET.get("export", "").strip()
        if export and export not in EXPORTS:
            errors.append(
                _("Unknown export format “%(value)s”: choose xlsx (Excel) or docx (Word).") % {"value": export[:20]}
            )
        context = self.get_context_data(
            errors=errors,
            form_from=request.GET.get("from", period.start.isoformat())[:30],
            form_to=request.GET.get("to", period.end.isoformat())[:30],
        )
        if errors:
            return self.render_to_response(context, status=400)
        editorial_settings = EditorialSettings.for_request(request)
        report = build_report_for_settings(period, editorial_settings)
        if export:
            return EXPORTS[export](report)
        base = reverse("editorial_activity_report")
        query = f"from={period.start.isoformat()}&to={period.end.isoformat()}"
        context.update(
            report=report,
            form_from=period.start.isoformat(),
            form_to=period.end.isoformat(),
            xlsx_url=f"{base}?{query}&export=xlsx",
            docx_url=f"{base}?{query}&export=docx",
            charts=self.charts(report),
        )
        return self.render_to_response(context)

    def charts(self, report):
        this_period, last_year = _("This period"), _("Same period last year")
        months = [row.label for row in report.months]
        sections = report.sections[:CHART_SECTIONS_LIMIT]
        units = [row for row in report.units if row.received.current or row.received.previous][:CHART_UNITS_LIMIT]
        return {
            "months": charts.column_chart(
                "chart-months",
                _("Items received each month"),
                _("Items received each month of the period, against the same month a year before."),
                months,
                [
                    charts.Series(this_period, [row.received.current for row in report.months], charts.CURRENT_COLOUR),
                    charts.Series(last_year, [row.received.previous for row in report.months], charts.PREVIOUS_COLOUR),
                ],
            ),
            "sections": charts.bar_chart(
                "chart-sections",
                _("Items published by section"),
                _("Items published in each section, this period and the same period last year."),
                [row.label for row in sections],
                [
                    charts.Series(this_period, [row.published.current for row in sections], charts.CURRENT_COLOUR),
                    charts.Series(last_year, [row.published.previous for row in sections], charts.PREVIOUS_COLOUR),
                ],
            ),
            "units": charts.bar_chart(
                "chart-units",
                _("Items received by unit"),
                _("Items received from each unit that sent something, this period and the same period last year."),
                [row.label for row in units],
                [
                    charts.Series(this_period, [row.received.current for row in units], charts.CURRENT_COLOUR),
                    charts.Series(last_year, [row.received.previous for row in units], charts.PREVIOUS_COLOUR),
                ],
            ),
        }

    def render_to_response(self, context, status=200, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.status_code = status
        return response
