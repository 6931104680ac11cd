"""Demo content of the questions app: topics, eight answered questions and three waiting ones.

``build(builder, home)`` is called by the demo builder; like every step of it, it only adds
what is missing.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from core.models import Unit
from core.text import slugify_vi
from questions.models import QuestionIndexPage, QuestionPage
from questions.submissions import Question, QuestionTopic, initials

TOPICS = [
    ("Đất đai – Xây dựng", 10),
    ("Chính sách xã hội", 20),
    ("Giáo dục – Y tế", 30),
    ("Thủ tục hành chính", 40),
    ("Nông nghiệp – Nông thôn mới", 50),
    ("Góp ý, kiến nghị", 60),
]

INTRO = (
    "<p>Người dân, tổ chức gửi câu hỏi, góp ý về các lĩnh vực do UBND huyện quản lý. "
    "Ban Biên tập chuyển câu hỏi đến cơ quan chuyên môn và đăng câu trả lời tại đây.</p>"
)

# (asker, e-mail, topic, title, question, answer paragraphs, unit key, days ago asked, days to answer)
ANSWERED = [
    (
        "Nguyễn Văn Bình",
        "binh.nv@example.com",
        "Đất đai – Xây dựng",
        "Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất bị rách",
        "Giấy chứng nhận quyền sử dụng đất của gia đình tôi bị rách, ố màu. Tôi cần chuẩn bị hồ sơ gì "
        "và nộp ở đâu để được cấp đổi? Thời gian giải quyết bao lâu?",
        [
            "Theo quy định, hồ sơ cấp đổi gồm: đơn đề nghị cấp đổi theo mẫu và bản gốc giấy chứng nhận đã cấp.",
            "Ông nộp hồ sơ tại Bộ phận Một cửa UBND huyện hoặc qua Cổng Dịch vụ công quốc gia. "
            "Thời gian giải quyết không quá 7 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.",
        ],
        "phong-kinh-te-ha-tang",
        120,
        6,
    ),
    (
        "Trần Thị Mai",
        "mai.tran@example.com",
        "Chính sách xã hội",
        "Chế độ trợ cấp cho người cao tuổi từ 75 tuổi",
        "Mẹ tôi năm nay 76 tuổi, không có lương hưu. Xin hỏi mẹ tôi có được hưởng trợ cấp xã hội hằng "
        "tháng không và thủ tục đăng ký như thế nào?",
        [
            "Người từ đủ 75 tuổi trở lên không có lương hưu, trợ cấp bảo hiểm xã hội hằng tháng được hưởng "
            "trợ cấp xã hội hằng tháng theo Nghị định 20/2021/NĐ-CP.",
            "Gia đình nộp tờ khai theo mẫu tại UBND xã nơi cư trú; UBND xã xét duyệt và chuyển Phòng Nội vụ "
            "trình Chủ tịch UBND huyện quyết định.",
        ],
        "phong-noi-vu",
        100,
        9,
    ),
    (
        "Lê Hoàng Nam",
        "namlh@example.com",
        "Giáo dục – Y tế",
        "Tuyển sinh vào lớp 6 năm học mới",
        "Con tôi học xong lớp 5 ở xã khác, nay gia đình chuyển về thị trấn. Xin hỏi cháu có được tuyển "
        "vào trường THCS thị trấn không và cần hồ sơ gì?",
        [
            "Trường THCS tuyển sinh theo địa bàn cư trú. Học sinh có hộ khẩu hoặc đăng ký tạm trú tại thị "
            "trấn được tuyển vào trường THCS thị trấn.",
            "Hồ sơ gồm: đơn xin học, học bạ tiểu học, bản sao giấy khai sinh và giấy xác nhận cư trú.",
        ],
        "phong-giao-duc-dao-tao",
        80,
        5,
    ),
    (
        "Phạm Thu Hà",
        "hapt@example.com",
        "Thủ tục hành chính",
        "Đăng ký khai sinh trực tuyến",
        "Tôi có thể đăng ký khai sinh cho con qua mạng không? Nếu được thì có phải đến UBND xã nữa không?",
        [
            "Được. Bà đăng ký trên Cổng Dịch vụ công quốc gia (thủ tục liên thông khai sinh – thường trú – "
            "thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi).",
            "Kết quả được trả qua bưu chính hoặc nhận trực tiếp tại UBND xã; bà không phải nộp lại hồ sơ giấy.",
        ],
        "van-phong-hdnd-ubnd",
        60,
        3,
    ),
    (
        "Hoàng Đức Long",
        "long.hd@example.com",
        "Nông nghiệp – Nông thôn mới",
        "Hỗ trợ chuyển đổi cây trồng trên đất lúa kém hiệu quả",
        "Gia đình tôi có 3 sào lúa thường xuyên bị ngập. Huyện có chính sách hỗ trợ chuyển sang trồng "
        "cây màu hoặc nuôi trồng thủy sản không?",
        [
            "Huyện hỗ trợ giống và vật tư cho các hộ chuyển đổi theo kế hoạch được UBND xã phê duyệt hằng năm.",
            "Ông liên hệ cán bộ nông nghiệp xã để đăng ký vào kế hoạch chuyển đổi của xã.",
        ],
        "phong-nong-nghiep",
        45,
        7,
    ),
    (
        "Võ Thị Lan",
        "lanvt@example.com",
        "Giáo dục – Y tế",
        "Tiêm chủng mở rộng cho trẻ tại trạm y tế xã",
        "Lịch tiêm chủng mở rộng tại trạm y tế xã được thông báo ở đâu? Trẻ bị sốt nhẹ có tiêm được không?",
        [
            "Lịch tiêm chủng được trạm y tế thông báo trên loa truyền thanh xã và gửi tin nhắn cho phụ huynh.",
            "Trẻ đang sốt được hoãn tiêm; cán bộ y tế khám sàng lọc trước mỗi lần tiêm.",
        ],
        "trung-tam-y-te",
        30,
        4,
    ),
    (
        "Đặng Minh Tuấn",
        "tuandm@example.com",
        "Góp ý, kiến nghị",
        "Kiến nghị lắp đèn chiếu sáng tuyến đường liên xã",
        "Tuyến đường từ xã Thạch Đài đi thị trấn chưa có đèn chiếu sáng, buổi tối đi lại nguy hiểm. "
        "Đề nghị huyện xem xét lắp đặt.",
        [
            "Cảm ơn ông đã góp ý. Tuyến đường đã có trong kế hoạch đầu tư chiếu sáng công cộng của huyện.",
            "Phòng Kinh tế – Hạ tầng phối hợp UBND xã khảo sát và dự kiến lắp đặt trong năm nay.",
        ],
        "phong-kinh-te-ha-tang",
        20,
        8,
    ),
    (
        "Nguyễn Thị Hương",
        "huongnt@example.com",
        "Chính sách xã hội",
        "Hỗ trợ tiền điện cho hộ nghèo",
        "Gia đình tôi thuộc hộ nghèo năm nay. Xin hỏi hỗ trợ tiền điện được nhận thế nào và bao nhiêu?",
        [
            "Hộ nghèo được hỗ trợ tiền điện hằng tháng theo mức Thủ tướng Chính phủ quy định.",
            "Tiền hỗ trợ được chi trả theo quý qua UBND xã; bà mang sổ hộ nghèo đến UBND xã để được hướng dẫn.",
        ],
        "phong-tai-chinh-ke-hoach",
        10,
        2,
    ),
]

WAITING = [
    (
        "Bùi Văn Khánh",
        "khanh.bv@example.com",
        "0912 345 678",
        "Thủ tục hành chính",
        "Tôi muốn xin giấy phép xây dựng nhà ở riêng lẻ tại thị trấn thì cần những giấy tờ gì?",
        Question.Status.NEW,
        2,
    ),
    (
        "Trương Thị Ngọc",
        "ngoc.tt@example.com",
        "",
        "Giáo dục – Y tế",
        "Xin hỏi năm nay huyện có tổ chức lớp học bơi miễn phí cho học sinh trong dịp hè không?",
        Question.Status.NEW,
        1,
    ),
    (
        "Lý Quang Vinh",
        "vinhlq@example.com",
        "0987 654 321",
        "Đất đai – Xây dựng",
        "Gia đình tôi bị thu hồi một phần đất làm đường. Xin hỏi mức bồi thường được tính theo bảng giá nào?",
        Question.Status.PROCESSING,
        5,
    ),
]


def build(builder, home):
    topics = {}
    for name, order in TOPICS:
        topic, _created = QuestionTopic.objects.get_or_create(
            slug=slugify_vi(name), defaults={"name": name, "sort_order": order}
        )
        topics[name] = topic
    index = builder.child_page(
        home, QuestionIndexPage, "hoi-dap", title="Hỏi đáp – Góp ý", intro=INTRO, show_in_menus=True
    )
    board_member = builder.users.get("bientap")
    now = builder.now
    for name, email, topic, title, text, answer, unit_key, days_ago, days_to_answer in ANSWERED:
        if Question.objects.filter(email=email, text=text).exists():
            continue
        asked_at = now - timedelta(days=days_ago)
        answered_at = asked_at + timedelta(days=days_to_answer)
        answer_html = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in answer)
        question = Question.objects.create(
            name=name,
            email=email,
            topic=topics[topic],
            text=text,
            created_at=asked_at,
            status=Question.Status.PROCESSING,
        )
        page = QuestionPage(
            title=title,
            slug=f"{slugify_vi(title, max_length=60)}-{question.reference.lower()}",
            question=text,
            asker_name=initials(name),
            asked_on=timezone.localtime(asked_at).date(),
            topic=topics[topic],
            answer=answer_html,
            answered_on=timezone.localtime(answered_at).date(),
            answering_unit=Unit.objects.filter(slug=unit_key).first(),
            owner=board_member,
        )
        index.add_child(instance=page)
        page.save_revision(user=board_member).publish(user=board_member)
        QuestionPage.objects.filter(pk=page.pk).update(first_published_at=answered_at, last_published_at=answered_at)
        builder.created["pages"] += 1
        Question.objects.filter(pk=question.pk).update(
            status=Question.Status.ANSWERED,
            answer=answer_html,
            answered_by=board_member,
            answered_at=answered_at,
            page=page,
        )
    for name, email, phone, topic, text, status, days_ago in WAITING:
        Question.objects.get_or_create(
            email=email,
            text=text,
            defaults={
                "name": name,
                "phone": phone,
                "topic": topics[topic],
                "status": status,
                "created_at": now - timedelta(days=days_ago),
            },
        )
    return index
