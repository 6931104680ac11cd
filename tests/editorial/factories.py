"""A known two-year history of the approval pipeline, walked with fixed clocks (time-machine).

Every item goes through the real workflows (start, approve, request changes, reject, resume,
cancel, publish), so the decision records are the ones the pipeline writes. The figures the
report must show are worked out by hand in the tests, from the table in ``build_history``.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

import time_machine

from django.utils import timezone

from wagtail.models import Page

from core.models import Unit
from core.text import slugify_vi
from editorial.models import UnitTarget
from news.models import NewsArticlePage
from tests.news.factories import NewsCategoryPageFactory


def local(year, month, day, hour=9, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def travel(moment):
    return time_machine.travel(moment, tick=False)


@dataclass
class History:
    pipeline: object
    units: dict = field(default_factory=dict)
    items: dict = field(default_factory=dict)
    transport: object = None

    @property
    def users(self):
        return self.pipeline.users

    def submit(self, key, when, user, parent, section=None, unit=None):
        title = f"Tin {key}: hoạt động của đơn vị"
        with travel(when):
            page = NewsArticlePage(
                title=title,
                slug=slugify_vi(title),
                lead="Tóm tắt nội dung.",
                body=json.dumps([{"type": "paragraph", "value": "<p>Nội dung.</p>"}]),
                owner=user,
                live=False,
                section=section,
                contributing_unit=unit,
            )
            parent.add_child(instance=page)
            page.save_revision(user=user)
            page.get_workflow().start(page, user)
        self.items[key] = page
        return page

    def act(self, key, when, user, action, **data):
        with travel(when):
            state = Page.objects.get(pk=self.items[key].pk).current_workflow_state
            task_state = state.current_task_state
            task_state.task.specific.on_action(task_state, user, action, **data)

    def resubmit(self, key, when, user):
        with travel(when):
            page = NewsArticlePage.objects.get(pk=self.items[key].pk)
            page.lead = "Tóm tắt đã sửa."
            page.save_revision(user=user)
            page.current_workflow_state.resume(user)

    def withdraw(self, key, when, user):
        with travel(when):
            Page.objects.get(pk=self.items[key].pk).current_workflow_state.cancel(user=user)

    def publish_directly(self, key, when, user, parent, unit=None):
        title = f"Tin {key}: Ban Biên tập đăng trực tiếp"
        with travel(when):
            page = NewsArticlePage(
                title=title,
                slug=slugify_vi(title),
                lead="Tóm tắt nội dung.",
                body=json.dumps([{"type": "paragraph", "value": "<p>Nội dung.</p>"}]),
                owner=user,
                contributing_unit=unit,
            )
            parent.add_child(instance=page)
            page.save_revision(user=user).publish(user=user)
        self.items[key] = page
        return page


def build_history(pipeline) -> History:
    """Two years of items; the report is read as of Monday 02/11/2026.

    Current period 01/01/2026-02/11/2026, same period last year 01/01/2025-02/11/2025.

    key  sender        section, unit            what happened
    G    contributor   culture, department      sent Mon 03/03/2025 09:00, published Wed 05/03 10:00 (49 h, late)
    H    contributor   economy, department      sent 05/05/2025, rejected as duplicate
    M    editor_b      economy, commune B       sent 02/06/2025 09:00, published the same day 15:00 (6 h)
    K    contributor   economy, department      sent 02/11/2025 23:30 (the period's last evening), withdrawn 03/11
    L    contributor   economy, department      sent 03/11/2025 00:30 (outside), withdrawn 03/11
    N    contributor   culture, department      sent and published 15/12/2025 (between the periods)
    A    contributor   culture, department      sent Mon 02/03/2026 09:00, published Tue 03/03 10:00 (25 h)
    B    contributor   economy, department      sent Mon 06/04/2026 08:00, sent back, resubmitted,
                                                published Thu 09/04 09:00 (73 h, late)
    C    contributor2  culture, department      sent 04/05/2026, rejected as duplicate
    D    contributor   economy, department      sent 01/06/2026, rejected as low quality
    P    board         culture, no unit         published directly 01/07/2026 (no workflow)
    E    editor_a      culture, commune A       sent Mon 07/09/2026 08:00, published Tue 08/09 08:00 (24 h)
    J    contributor   economy, department      sent Mon 19/10/2026 09:00, published Tue 20/10 09:30 (24 h 30)
    F    contributor2  culture, department      sent Mon 26/10/2026 09:00, still waiting for the board
    """
    users = pipeline.users
    tree = pipeline.tree
    history = History(pipeline)
    department = Unit.objects.create(name="Phòng Nông nghiệp và PTNT", slug="phong-nong-nghiep")
    history.units = {
        "department": department,
        "front": Unit.objects.create(name="Huyện đoàn Thạch Hà", slug="huyen-doan", kind=Unit.Kind.FRONT),
        "superior": Unit.objects.create(name="UBND tỉnh Hà Tĩnh", slug="ubnd-tinh", kind=Unit.Kind.SUPERIOR),
        "retired": Unit.objects.create(name="Phòng Công thương (cũ)", slug="phong-cong-thuong", is_active=False),
        "commune_a": pipeline.commune_a.unit,
        "commune_b": pipeline.commune_b.unit,
    }
    UnitTarget.objects.create(unit=department, monthly_target=1)
    UnitTarget.objects.create(unit=pipeline.commune_a.unit, monthly_target=2)
    history.transport = NewsCategoryPageFactory(parent=tree.news, title="Giao thông", slug="giao-thong")
    culture, economy = tree.culture, tree.economy
    contributor, contributor2 = users["contributor"], users["contributor2"]
    board, head = users["board"], users["head"]

    # --- 2025 ------------------------------------------------------------------------------
    history.submit("G", local(2025, 3, 3, 9), contributor, culture, unit=department)
    history.act("G", local(2025, 3, 3, 10), board, "approve")
    history.act("G", local(2025, 3, 5, 10), head, "approve")

    history.submit("H", local(2025, 5, 5, 9), contributor, economy, unit=department)
    history.act("H", local(2025, 5, 5, 10), board, "refuse", reason="duplicate", comment="Trùng tin.")

    history.submit("M", local(2025, 6, 2, 9), users["editor_b"], pipeline.commune_b, section=economy)
    history.act("M", local(2025, 6, 2, 10), users["board_b"], "approve")
    history.act("M", local(2025, 6, 2, 15), board, "approve")

    history.submit("K", local(2025, 11, 2, 23, 30), contributor, economy, unit=department)
    history.withdraw("K", local(2025, 11, 3, 8), contributor)
    history.submit("L", local(2025, 11, 3, 0, 30), contributor, economy, unit=department)
    history.withdraw("L", local(2025, 11, 3, 8, 10), contributor)

    history.submit("N", local(2025, 12, 15, 9), contributor, culture, unit=department)
    history.act("N", local(2025, 12, 15, 10), board, "approve")
    history.act("N", local(2025, 12, 15, 11), head, "approve")

    # --- 2026 ------------------------------------------------------------------------------
    history.submit("A", local(2026, 3, 2, 9), contributor, culture, unit=department)
    history.act("A", local(2026, 3, 2, 14), board, "approve")
    history.act("A", local(2026, 3, 3, 10), head, "approve")

    history.submit("B", local(2026, 4, 6, 8), contributor, economy, unit=department)
    history.act("B", local(2026, 4, 6, 10), board, "reject", comment="Bổ sung số liệu.")
    history.resubmit("B", local(2026, 4, 7, 8), contributor)
    history.act("B", local(2026, 4, 7, 9), board, "approve")
    history.act("B", local(2026, 4, 9, 9), head, "approve")

    history.submit("C", local(2026, 5, 4, 9), contributor2, culture, unit=department)
    history.act("C", local(2026, 5, 4, 11), board, "refuse", reason="duplicate", comment="Đã đăng.")

    history.submit("D", local(2026, 6, 1, 9), contributor, economy, unit=department)
    history.act("D", local(2026, 6, 1, 15), board, "refuse", reason="low_quality", comment="Quá ngắn.")

    history.publish_directly("P", local(2026, 7, 1, 10), board, culture)

    history.submit("E", local(2026, 9, 7, 8), users["editor_a"], pipeline.commune_a, section=culture)
    history.act("E", local(2026, 9, 7, 10), users["board_a"], "approve")
    history.act("E", local(2026, 9, 8, 8), board, "approve")

    history.submit("J", local(2026, 10, 19, 9), contributor, economy, unit=department)
    history.act("J", local(2026, 10, 19, 10), board, "approve")
    history.act("J", local(2026, 10, 20, 9, 30), head, "approve")

    history.submit("F", local(2026, 10, 26, 9), contributor2, culture, unit=department)
    return history
