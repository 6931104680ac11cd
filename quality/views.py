from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .models import QualitySettings


def writing_guide(request):
    """The board's writing guide, readable by everyone who writes for the portal."""
    quality_settings = QualitySettings.load(request_or_site=request)
    can_edit = request.user.has_perm("quality.change_qualitysettings")
    return TemplateResponse(
        request,
        "quality/writing_guide.html",
        {"guide": quality_settings.writing_guide, "can_edit": can_edit, "header_title": _("Writing guide")},
    )
