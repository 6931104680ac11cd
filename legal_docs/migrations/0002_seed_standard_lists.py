"""The standard lists: document types of Decree 30/2020/NĐ-CP (appendix III) and of the Law on
legal normative documents, the usual fields of state management, and the higher-level bodies
whose documents a district publishes. Existing rows (matched by code) are left as they are."""

from django.db import migrations

from core.text import fold

DOCUMENT_TYPES = [  # (slug, name, abbreviation)
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("nghi-quyet", "Nghị quyết", "NQ"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("cong-van", "Công văn", ""),
    ("thong-bao", "Thông báo", "TB"),
    ("bao-cao", "Báo cáo", "BC"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("to-trinh", "Tờ trình", "TTr"),
    ("chuong-trinh", "Chương trình", "CTr"),
    ("quy-che", "Quy chế", "QC"),
    ("quy-dinh", "Quy định", "QyĐ"),
    ("thong-cao", "Thông cáo", "TC"),
    ("phuong-an", "Phương án", "PA"),
    ("de-an", "Đề án", "ĐA"),
    ("du-an", "Dự án", "DA"),
    ("bien-ban", "Biên bản", "BB"),
    ("hop-dong", "Hợp đồng", "HĐ"),
    ("cong-dien", "Công điện", "CĐ"),
    ("ban-ghi-nho", "Bản ghi nhớ", "BGN"),
    ("ban-thoa-thuan", "Bản thỏa thuận", "BTT"),
    ("giay-uy-quyen", "Giấy ủy quyền", "GUQ"),
    ("giay-moi", "Giấy mời", "GM"),
    ("giay-gioi-thieu", "Giấy giới thiệu", "GGT"),
    ("giay-nghi-phep", "Giấy nghỉ phép", "GNP"),
    ("phieu-gui", "Phiếu gửi", "PG"),
    ("phieu-chuyen", "Phiếu chuyển", "PC"),
    ("phieu-bao", "Phiếu báo", "PB"),
    # Legal normative documents (Law 80/2015/QH13): laws carry no type part (24/2018/QH14).
    ("luat", "Luật", ""),
    ("nghi-dinh", "Nghị định", "NĐ"),
    ("thong-tu", "Thông tư", "TT"),
    ("thong-tu-lien-tich", "Thông tư liên tịch", "TTLT"),
    ("van-ban-hop-nhat", "Văn bản hợp nhất", "VBHN"),
]

SUBJECT_AREAS = [  # (slug, name)
    ("noi-vu", "Nội vụ"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính"),
    ("tai-chinh-ngan-sach", "Tài chính – Ngân sách"),
    ("ke-hoach-dau-tu", "Kế hoạch – Đầu tư"),
    ("nong-nghiep-phat-trien-nong-thon", "Nông nghiệp và Phát triển nông thôn"),
    ("xay-dung-nong-thon-moi", "Xây dựng nông thôn mới"),
    ("tai-nguyen-moi-truong", "Tài nguyên và Môi trường"),
    ("xay-dung-giao-thong", "Xây dựng – Giao thông"),
    ("cong-thuong", "Công thương"),
    ("giao-duc-dao-tao", "Giáo dục – Đào tạo"),
    ("y-te", "Y tế"),
    ("van-hoa-the-thao-du-lich", "Văn hóa – Thể thao – Du lịch"),
    ("thong-tin-truyen-thong", "Thông tin – Truyền thông"),
    ("lao-dong-thuong-binh-xa-hoi", "Lao động – Thương binh và Xã hội"),
    ("tu-phap", "Tư pháp"),
    ("thanh-tra-khieu-nai-to-cao", "Thanh tra – Khiếu nại, tố cáo"),
    ("quoc-phong-an-ninh", "Quốc phòng – An ninh"),
    ("dan-toc-ton-giao", "Dân tộc – Tôn giáo"),
    ("khoa-hoc-cong-nghe", "Khoa học – Công nghệ"),
    ("phong-chong-thien-tai", "Phòng, chống thiên tai"),
    ("phong-chong-dich-benh", "Phòng, chống dịch bệnh"),
]

SUPERIOR_BODIES = [  # (slug, name, short name)
    ("quoc-hoi", "Quốc hội", "Quốc hội"),
    ("chinh-phu", "Chính phủ", "Chính phủ"),
    ("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ("bo-thong-tin-va-truyen-thong", "Bộ Thông tin và Truyền thông", "Bộ TT&TT"),
    ("bo-noi-vu", "Bộ Nội vụ", "Bộ Nội vụ"),
    ("bo-tai-chinh", "Bộ Tài chính", "Bộ Tài chính"),
    ("tinh-uy-ha-tinh", "Tỉnh ủy Hà Tĩnh", "Tỉnh ủy"),
    ("hdnd-tinh-ha-tinh", "Hội đồng nhân dân tỉnh Hà Tĩnh", "HĐND tỉnh"),
    ("ubnd-tinh-ha-tinh", "Ủy ban nhân dân tỉnh Hà Tĩnh", "UBND tỉnh"),
    ("so-thong-tin-va-truyen-thong-ha-tinh", "Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", "Sở TT&TT"),
    ("so-noi-vu-ha-tinh", "Sở Nội vụ tỉnh Hà Tĩnh", "Sở Nội vụ"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("legal_docs", "DocumentType")
    SubjectArea = apps.get_model("legal_docs", "SubjectArea")
    Unit = apps.get_model("core", "Unit")
    for order, (slug, name, abbreviation) in enumerate(DOCUMENT_TYPES, start=1):
        if not DocumentType.objects.filter(slug=slug).exists() and not DocumentType.objects.filter(name=name).exists():
            DocumentType.objects.create(slug=slug, name=name, abbreviation=abbreviation, sort_order=order * 10)
    for order, (slug, name) in enumerate(SUBJECT_AREAS, start=1):
        if not SubjectArea.objects.filter(slug=slug).exists() and not SubjectArea.objects.filter(name=name).exists():
            SubjectArea.objects.create(slug=slug, name=name, sort_order=order * 10)
    for slug, name, short_name in SUPERIOR_BODIES:
        if not Unit.objects.filter(slug=slug).exists() and not Unit.objects.filter(name=name).exists():
            # Historical models skip Unit.save(), which sets the sort key.
            Unit.objects.create(slug=slug, name=name, short_name=short_name, kind="superior", sort_key=fold(name))


class Migration(migrations.Migration):
    dependencies = [
        ("legal_docs", "0001_initial"),
        ("core", "0002_alter_unit_kind"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
