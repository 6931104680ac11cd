"""Demo content of the about app: the district's introduction, its English page and the links
to other agencies (Decree 42/2022/NĐ-CP asks every portal for all three)."""

import io
import json
import random
import uuid

from PIL import Image as PILImage
from PIL import ImageDraw

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from about.models import AgencyLink, AgencyLinksPage, EnglishPage, IntroductionLeader, IntroductionPage

AGENCY_LINKS = [  # name, url, group, order, featured
    ("Cổng Thông tin điện tử tỉnh Hà Tĩnh", "https://hatinh.gov.vn", "province", 10, True),
    ("Cổng Dịch vụ công tỉnh Hà Tĩnh", "https://dichvucong.hatinh.gov.vn", "province", 20, True),
    ("Báo Hà Tĩnh", "https://baohatinh.vn", "province", 30, False),
    ("Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", "https://stttt.hatinh.gov.vn", "province", 40, False),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn", "national", 10, True),
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn", "national", 20, True),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn", "national", 30, False),
    ("Công báo Chính phủ", "https://congbao.chinhphu.vn", "national", 40, False),
    ("Cổng Thông tin điện tử Quốc hội", "https://quochoi.vn", "national", 50, False),
    ("Hệ thống quản lý văn bản và điều hành tỉnh Hà Tĩnh", "https://qlvb.hatinh.gov.vn", "district", 10, False),
    ("Thư điện tử công vụ tỉnh Hà Tĩnh", "https://mail.hatinh.gov.vn", "district", 20, False),
    ("Báo Nhân Dân điện tử", "https://nhandan.vn", "other", 10, False),
]

LEADERS = [  # name, title, phone, email
    ("Lê Văn Thành", "Bí thư Huyện ủy", "0239 3845 101", "levanthanh@thachha.hatinh.gov.vn"),
    ("Phạm Quốc Hưng", "Chủ tịch HĐND huyện", "0239 3845 102", "phamquochung@thachha.hatinh.gov.vn"),
    ("Võ Trọng Nghĩa", "Chủ tịch UBND huyện", "0239 3845 103", "votrongnghia@thachha.hatinh.gov.vn"),
    ("Nguyễn Thị Hồng Vân", "Phó Chủ tịch UBND huyện", "0239 3845 104", "nguyenthihongvan@thachha.hatinh.gov.vn"),
    ("Đặng Văn Sơn", "Phó Chủ tịch UBND huyện", "0239 3845 105", "dangvanson@thachha.hatinh.gov.vn"),
]

ADDRESS = "Khối 1, thị trấn Thạch Hà, huyện Thạch Hà, tỉnh Hà Tĩnh"


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _paragraphs(*texts):
    return _block("paragraph", "".join(f"<p>{text}</p>" for text in texts))


def _list(*items):
    return _block("paragraph", "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


INTRODUCTION_BODY = [
    _block("heading", "Khái quát về huyện Thạch Hà"),
    _paragraphs(
        "Thạch Hà là huyện đồng bằng ven biển nằm ở trung tâm tỉnh Hà Tĩnh, bao quanh thành phố Hà Tĩnh; "
        "phía Đông giáp Biển Đông, phía Tây giáp huyện Hương Khê, phía Nam giáp huyện Cẩm Xuyên, "
        "phía Bắc giáp huyện Lộc Hà và Can Lộc.",
        "Huyện có các xã và thị trấn Thạch Hà; Quốc lộ 1 và đường sắt Bắc – Nam chạy qua, thuận lợi "
        "cho giao thương, phát triển nông nghiệp, thủy sản, công nghiệp và dịch vụ.",
    ),
    _block("heading", "Cơ cấu tổ chức"),
    _paragraphs("Hệ thống chính trị của huyện gồm:"),
    _list(
        "Huyện ủy Thạch Hà và các cơ quan tham mưu, giúp việc của Huyện ủy;",
        "Hội đồng nhân dân huyện – cơ quan quyền lực nhà nước ở địa phương;",
        "Ủy ban nhân dân huyện – cơ quan hành chính nhà nước ở địa phương, với các phòng chuyên môn: "
        "Văn phòng HĐND và UBND, Nội vụ, Tài chính – Kế hoạch, Tư pháp, Nông nghiệp và Phát triển nông thôn, "
        "Kinh tế – Hạ tầng, Tài nguyên và Môi trường, Văn hóa và Thông tin, Giáo dục và Đào tạo, Y tế, "
        "Lao động – Thương binh và Xã hội, Thanh tra huyện;",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện và các tổ chức chính trị – xã hội;",
        "Các đơn vị sự nghiệp: Trung tâm Văn hóa – Truyền thông, Trung tâm Dịch vụ nông nghiệp, "
        "Ban Quản lý dự án đầu tư xây dựng huyện.",
    ),
    _block("heading", "Chức năng, nhiệm vụ"),
    _paragraphs(
        "Ủy ban nhân dân huyện do Hội đồng nhân dân huyện bầu, là cơ quan chấp hành của Hội đồng nhân dân, "
        "cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân huyện và "
        "Ủy ban nhân dân tỉnh Hà Tĩnh. Ủy ban nhân dân huyện có nhiệm vụ:",
    ),
    _list(
        "Xây dựng, trình Hội đồng nhân dân huyện quyết định các nội dung thuộc thẩm quyền và tổ chức thực hiện;",
        "Quản lý nhà nước về kinh tế, văn hóa, xã hội, quốc phòng, an ninh trên địa bàn huyện;",
        "Tổ chức thi hành Hiến pháp, pháp luật và văn bản của cơ quan nhà nước cấp trên;",
        "Giải quyết thủ tục hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo theo quy định;",
        "Cung cấp thông tin trên Cổng thông tin điện tử theo Nghị định số 42/2022/NĐ-CP của Chính phủ.",
    ),
    _block("heading", "Cổng thông tin điện tử huyện"),
    _paragraphs(
        "Cổng thông tin điện tử huyện Thạch Hà do Ủy ban nhân dân huyện chủ quản; Ban Biên tập Cổng "
        "tiếp nhận, biên tập và đăng tải tin, bài của các phòng, ban, đơn vị, các xã, thị trấn và "
        "cộng tác viên. Tin, bài gửi về địa chỉ thư điện tử của Ban Biên tập ghi ở cuối trang."
    ),
]

ENGLISH_BODY = [
    _block("heading", "About Thach Ha District"),
    _paragraphs(
        "Thach Ha is a coastal lowland district in the centre of Ha Tinh Province, in north-central "
        "Viet Nam. It surrounds Ha Tinh City and borders the East Sea to the east. National Highway 1 "
        "and the North–South railway run through the district.",
        "The district's economy rests on agriculture, aquaculture and fisheries, small industry and services.",
    ),
    _block("heading", "Organisation"),
    _list(
        "The District Party Committee;",
        "The District People's Council, the local body of state power;",
        "The District People's Committee, the local state administration, with its specialised "
        "departments (Home Affairs, Finance and Planning, Justice, Agriculture and Rural Development, "
        "Economy and Infrastructure, Natural Resources and Environment, Culture and Information, "
        "Education and Training, Health, Labour, Invalids and Social Affairs, and the District Inspectorate);",
        "The Viet Nam Fatherland Front Committee of the district and the mass organisations;",
        "The communes and the township of Thach Ha.",
    ),
    _block("heading", "Leaders"),
    _list(
        "Mr Le Van Thanh – Secretary of the District Party Committee",
        "Mr Pham Quoc Hung – Chairman of the District People's Council",
        "Mr Vo Trong Nghia – Chairman of the District People's Committee",
        "Ms Nguyen Thi Hong Van – Vice-Chairwoman of the District People's Committee",
        "Mr Dang Van Son – Vice-Chairman of the District People's Committee",
    ),
    _block("heading", "This portal"),
    _paragraphs(
        "The Thach Ha District Electronic Information Portal is run by the District People's Committee. "
        "Its content is in Vietnamese; this page gives the district's organisation and contacts in English."
    ),
]


def portrait_jpeg(seed: int, width: int = 480, height: int = 600) -> bytes:
    """A neutral silhouette on a soft background, standing in for a leader's official photo."""
    rng = random.Random(seed)
    background = (rng.randint(200, 225), rng.randint(210, 230), rng.randint(225, 240))
    image = PILImage.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    figure = (70, 80, 95)
    draw.ellipse([width * 0.32, height * 0.16, width * 0.68, height * 0.46], fill=figure)
    draw.ellipse([width * 0.12, height * 0.52, width * 0.88, height * 1.2], fill=figure)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _leader_photo(builder, number, name):
    Image = get_image_model()
    title = f"Ảnh chân dung {name}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        image = Image(title=title, description=f"Ảnh chân dung {name}")
        image.file = ImageFile(io.BytesIO(portrait_jpeg(number)), name=f"lanh-dao-{number:02d}.jpg")
        image.save()
        builder.created["images"] += 1
    return image


def build(builder, home):
    for name, url, group, order, featured in AGENCY_LINKS:
        AgencyLink.objects.get_or_create(
            url=url, defaults={"name": name, "group": group, "sort_order": order, "featured": featured}
        )
    if not IntroductionPage.objects.child_of(home).exists():
        intro = builder.child_page(
            home,
            IntroductionPage,
            "gioi-thieu",
            title="Giới thiệu",
            show_in_menus=True,
            intro="Khái quát về huyện Thạch Hà, cơ cấu tổ chức, chức năng, nhiệm vụ, lãnh đạo huyện "
            "và thông tin liên hệ của Ủy ban nhân dân huyện.",
            body=json.dumps(INTRODUCTION_BODY),
            address=ADDRESS,
            phone="0239 3845 123",
            fax="0239 3845 124",
            email="ubnd@thachha.hatinh.gov.vn",
            office_hours="Sáng 7:00 – 11:30, chiều 13:30 – 17:00, từ Thứ Hai đến Thứ Sáu",
        )
        for number, (name, title, phone, email) in enumerate(LEADERS, 1):
            IntroductionLeader.objects.create(
                page=intro,
                sort_order=number,
                name=name,
                title=title,
                phone=phone,
                email=email,
                photo=_leader_photo(builder, number, name),
            )
        intro.save_revision().publish()
        # The introduction comes first in the menu, as on every government portal.
        intro.move(home, pos="first-child")
    builder.child_page(
        home,
        AgencyLinksPage,
        "lien-ket-website",
        title="Liên kết website",
        show_in_menus=True,
        intro="Cổng thông tin điện tử của tỉnh Hà Tĩnh, của Chính phủ và các cơ quan, đơn vị khác.",
    )
    builder.child_page(
        home,
        EnglishPage,
        "english",
        title="English",
        show_in_menus=True,
        seo_title="Thach Ha District – Organisation and contacts",
        intro="Thach Ha District People's Committee, Ha Tinh Province, Viet Nam: organisation and contacts.",
        body=json.dumps(ENGLISH_BODY),
        address="Block 1, Thach Ha Township, Thach Ha District, Ha Tinh Province, Viet Nam",
        phone="+84 239 3845 123",
        fax="+84 239 3845 124",
        email="ubnd@thachha.hatinh.gov.vn",
        office_hours="Monday to Friday, 7:00–11:30 and 13:30–17:00 (UTC+7)",
    )
