"""Demo communes with their staff, and items in every state of the approval pipeline."""

import json

from django.contrib.auth import get_user_model
from django.utils.html import escape

from wagtail.models import Workflow

from communes.models import CommuneIndexPage, CommunePage
from core.models import Unit, UserProfile
from core.text import person_name, slugify_vi
from editorial import workflows
from news.models import NewsArticlePage, NewsCategoryPage

DEMO_PASSWORD = "ThachHa@2020"  # noqa: S105 - the documented password of the demo accounts

COMMUNES = [
    # unit key, chairman, vice-chairman, address, phone
    ("thi-tran-thach-ha", "Nguyễn Văn Hùng", "Trần Thị Lan", "Khối 5, thị trấn Thạch Hà", "0239 3845 201"),
    ("xa-thach-dai", "Lê Văn Đức", "Phạm Thị Hoa", "Thôn Đại Tiến, xã Thạch Đài", "0239 3845 202"),
    ("xa-thach-kenh", "Hoàng Văn Minh", "Nguyễn Thị Thu", "Thôn Kênh Tân, xã Thạch Kênh", "0239 3845 203"),
    ("xa-viet-tien", "Trần Văn Thắng", "Lê Thị Mai", "Thôn Tiến Thành, xã Việt Tiến", "0239 3845 204"),
    ("xa-luu-vinh-son", "Phan Văn Long", "Võ Thị Hạnh", "Thôn Vĩnh Sơn, xã Lưu Vĩnh Sơn", "0239 3845 205"),
    ("xa-nam-dien", "Đặng Văn Nam", "Bùi Thị Ngọc", "Thôn Nam Hà, xã Nam Điền", "0239 3845 206"),
]

# Items in every state of the pipeline: (key, where, section, title, lead, paragraphs).
# "where" is "district" or a commune unit key.
PIPELINE_ITEMS = [
    (
        "step1",
        "district",
        "kinh-te-chinh-tri",
        "Huyện triển khai kế hoạch chuyển đổi số trong cơ quan hành chính",
        "UBND huyện vừa ban hành kế hoạch đẩy mạnh chuyển đổi số, ưu tiên hồ sơ công việc điện tử và dịch vụ công trực tuyến.",
        [
            "Theo kế hoạch, các phòng, ban chuyên môn phải xử lý hồ sơ công việc trên môi trường mạng, trừ văn bản mật.",
            "Bộ phận một cửa huyện và các xã được bố trí thêm máy tính, máy quét để hướng dẫn người dân nộp hồ sơ trực tuyến.",
        ],
    ),
    (
        "step2",
        "district",
        "giao-thong",
        "Khởi công cầu dân sinh nối hai bờ kênh ở thôn Bắc Sơn",
        "Cây cầu dài 24 mét, rộng 3,5 mét được đầu tư từ ngân sách huyện và nhân dân đóng góp.",
        [
            "Cầu được thiết kế bằng bê tông cốt thép, thay cho cầu tạm bằng tre đã xuống cấp nhiều năm.",
            "Đơn vị thi công cam kết hoàn thành trước mùa mưa bão, bảo đảm an toàn cho học sinh đi học.",
        ],
    ),
    (
        "changes",
        "district",
        "van-hoa-xa-hoi",
        "Hội thi văn nghệ quần chúng chào mừng ngày hội đại đoàn kết",
        "Mười hai đội văn nghệ đến từ các khu dân cư tham gia hội thi với nhiều tiết mục đặc sắc.",
        [
            "Các tiết mục ca ngợi quê hương, đất nước và tình đoàn kết xóm làng được khán giả cổ vũ nhiệt tình.",
            "Ban tổ chức đã trao giải nhất cho đội văn nghệ thôn Trung Tiến.",
        ],
    ),
    (
        "duplicate",
        "district",
        "thuy-loi",
        "Kiểm tra an toàn các hồ chứa nước trước mùa mưa",
        "Đoàn công tác của huyện đã kiểm tra các hồ chứa nước trên địa bàn.",
        ["Đoàn yêu cầu các xã bố trí người trực và chuẩn bị vật tư phòng chống lụt bão."],
    ),
    (
        "low_quality",
        "district",
        "the-duc-the-thao",
        "Giải bóng chuyền",
        "Có giải bóng chuyền.",
        ["Giải diễn ra vui vẻ."],
    ),
    (
        "off_topic",
        "district",
        "ton-giao",
        "Quảng cáo dịch vụ chụp ảnh cưới trọn gói giá rẻ",
        "Dịch vụ chụp ảnh cưới với nhiều ưu đãi trong tháng này.",
        ["Liên hệ để được tư vấn và báo giá chi tiết."],
    ),
    (
        "other",
        "district",
        "an-ninh-quoc-phong",
        "Thông tin về buổi diễn tập khu vực phòng thủ",
        "Bài viết nêu chi tiết phương án và lực lượng tham gia diễn tập.",
        ["Bài viết có nội dung thuộc phạm vi không được công bố rộng rãi."],
    ),
    (
        "published",
        "district",
        "giao-duc-dao-tao",
        "Trao học bổng cho học sinh vượt khó học giỏi",
        "Năm mươi suất học bổng đã được trao cho học sinh có hoàn cảnh khó khăn, vượt khó học tốt.",
        [
            "Mỗi suất học bổng gồm tiền mặt và bộ sách giáo khoa mới cho năm học.",
            "Hội Khuyến học huyện kêu gọi các doanh nghiệp tiếp tục đồng hành cùng quỹ học bổng.",
        ],
    ),
    (
        "commune_step1",
        "xa-thach-dai",
        "kinh-te-chinh-tri",
        "Xã Thạch Đài ra mắt mô hình hợp tác xã trồng rau an toàn",
        "Hợp tác xã có 35 thành viên, canh tác trên diện tích 8 ha theo quy trình VietGAP.",
        [
            "Sản phẩm rau của hợp tác xã đã có đầu ra ổn định tại các bếp ăn trường học trên địa bàn.",
            "UBND xã hỗ trợ hợp tác xã xây dựng nhà sơ chế và đăng ký mã số vùng trồng.",
        ],
    ),
    (
        "commune_step2",
        "xa-viet-tien",
        "van-hoa-xa-hoi",
        "Xã Việt Tiến khánh thành nhà văn hóa thôn Tiến Thành",
        "Công trình có tổng kinh phí gần một tỷ đồng, trong đó nhân dân đóng góp hơn 40%.",
        [
            "Nhà văn hóa có hội trường 150 chỗ ngồi, sân thể thao và khu vui chơi cho trẻ em.",
            "Đây là nơi sinh hoạt cộng đồng, tổ chức các hoạt động văn hóa, văn nghệ của thôn.",
        ],
    ),
    (
        "commune_published",
        "xa-thach-kenh",
        "the-duc-the-thao",
        "Xã Thạch Kênh tổ chức giải kéo co truyền thống",
        "Giải thu hút 16 đội đến từ các thôn và đoàn thể của xã tham gia tranh tài.",
        [
            "Không khí thi đấu sôi nổi, đoàn kết, góp phần gìn giữ trò chơi dân gian của quê hương.",
            "Đội thôn Kênh Tân giành giải nhất sau những lượt kéo đầy kịch tính.",
        ],
    ),
]


def build(builder, home):
    index = builder.child_page(home, CommuneIndexPage, "xa-thi-tran", title="Xã, thị trấn", show_in_menus=True)
    communes = {}
    for unit_key, chairman, vice_chairman, address, phone in COMMUNES:
        unit = builder.units[unit_key]
        commune = CommunePage.objects.filter(unit=unit).first()
        if commune is None:
            commune = CommunePage(
                title=unit.name,
                slug=unit.slug,
                unit=unit,
                introduction=f"<p>{escape(unit.name)} thuộc huyện Thạch Hà, tỉnh Hà Tĩnh.</p>",
                address=address,
                phone=phone,
                email=f"{unit.slug}@thachha.example",
            )
            commune.leaders.add(*_leaders(chairman, vice_chairman))
            index.add_child(instance=commune)
            commune.save_revision().publish()
            builder.created["pages"] += 1
        commune.refresh_from_db()
        communes[unit_key] = commune
        _commune_accounts(builder, commune)
    return index, communes


def _leaders(chairman, vice_chairman):
    from communes.models import CommuneLeader

    return [
        CommuneLeader(name=chairman, position="Chủ tịch UBND", sort_order=0),
        CommuneLeader(name=vice_chairman, position="Phó Chủ tịch UBND", sort_order=1),
    ]


def _commune_accounts(builder, commune):
    User = get_user_model()
    for suffix, group, role in (
        ("bientap", commune.editors_group, "Biên tập viên"),
        ("bbt", commune.board_group, "BBT"),
    ):
        username = f"{commune.slug}-{suffix}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": f"{role} {commune.title}", "email": f"{username}@thachha.example"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            builder.created["users"] += 1
        user.groups.add(group)
        UserProfile.objects.get_or_create(user=user, defaults={"unit": commune.unit})
        builder.commune_users[username] = user


def build_pipeline(builder, communes):
    """Items waiting at each step, sent back, rejected for each reason, and published."""
    district = Workflow.objects.get(name=workflows.DISTRICT_WORKFLOW)
    commune_flow = Workflow.objects.get(name=workflows.COMMUNE_WORKFLOW)
    board, head = builder.users["bientap"], builder.users["truongban"]
    for key, where, section_key, title, lead, paragraphs in PIPELINE_ITEMS:
        slug = slugify_vi(title)
        if NewsArticlePage.objects.filter(slug=slug).exists():
            continue
        section = NewsCategoryPage.objects.get(slug=section_key)
        if where == "district":
            parent, author, workflow = section, builder.users["congtacvien"], district
        else:
            parent = communes[where]
            author, workflow = builder.commune_users[f"{parent.slug}-bientap"], commune_flow
        article = NewsArticlePage(
            title=title,
            slug=slug,
            lead=lead,
            section=section,
            body=json.dumps([{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in paragraphs]),
            author_names=person_name(author),
            owner=author,
            live=False,
            contributing_unit=Unit.objects.filter(slug=where).first() if where != "district" else None,
        )
        parent.add_child(instance=article)
        article.save_revision(user=author)
        builder.created["pages"] += 1
        state = workflow.start(article, author)
        commune_board = builder.commune_users.get(f"{parent.slug}-bbt") if where != "district" else None
        _walk(key, state, board=board, head=head, commune_board=commune_board)


def _act(state, user, action, **data):
    state.refresh_from_db()
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, **data)


def _walk(key, state, board, head, commune_board):
    if key == "step2":
        _act(state, board, "approve", comment="Nội dung tốt, đề nghị Trưởng ban phê duyệt.")
    elif key == "changes":
        _act(state, board, "reject", comment="Đề nghị bổ sung ảnh và tên các đội đạt giải.")
    elif key in {"duplicate", "low_quality", "off_topic", "other"}:
        comments = {
            "duplicate": "Trùng nội dung với tin đã đăng về kiểm tra hồ chứa.",
            "low_quality": "Tin quá ngắn, chưa có thông tin cụ thể.",
            "off_topic": "Nội dung quảng cáo, không phù hợp với Cổng.",
            "other": "Thông tin cần được cấp có thẩm quyền cho phép trước khi đăng.",
        }
        _act(state, board, "refuse", reason=key, comment=comments[key])
    elif key == "published":
        _act(state, board, "approve")
        _act(state, head, "approve", comment="Đồng ý đăng.")
    elif key == "commune_step2":
        _act(state, commune_board, "approve", comment="BBT xã đã kiểm tra, đề nghị đăng.")
    elif key == "commune_published":
        _act(state, commune_board, "approve")
        _act(state, board, "approve", comment="Đăng tải.")
