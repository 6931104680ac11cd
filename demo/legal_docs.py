"""Demo content of the legal documents library: the documents the board's 2020 report names,
the national texts behind them, and some seventy documents of the district and the province
of every common type, each with a generated PDF (and some with an annex).

Documents of the Government, the National Assembly and the ministries are real (number, date,
summary); those of the district, the province and their offices are invented but written the
way such documents are. Dates are relative to today, so the library always looks current.
"""

import hashlib
import io
import re
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents import get_document_model

from core.models import Unit
from legal_docs.models import (
    DocumentAttachment,
    DocumentRelation,
    DocumentType,
    LegalDocumentIndexPage,
    LegalDocumentPage,
    SubjectArea,
    document_collection,
)
from legal_docs.validity import RelationType

from .minipdf import make_pdf

# Bodies outside the district (also seeded by the legal_docs migration; kept here so the demo
# works on a database whose units were edited).
SUPERIOR = {
    "quoc-hoi": ("Quốc hội", "Quốc hội"),
    "chinh-phu": ("Chính phủ", "Chính phủ"),
    "thu-tuong-chinh-phu": ("Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    "bo-thong-tin-va-truyen-thong": ("Bộ Thông tin và Truyền thông", "Bộ TT&TT"),
    "ubnd-tinh-ha-tinh": ("Ủy ban nhân dân tỉnh Hà Tĩnh", "UBND tỉnh"),
    "hdnd-tinh-ha-tinh": ("Hội đồng nhân dân tỉnh Hà Tĩnh", "HĐND tỉnh"),
    "so-thong-tin-va-truyen-thong-ha-tinh": ("Sở Thông tin và Truyền thông tỉnh Hà Tĩnh", "Sở TT&TT"),
}

# The district's leaders, as in the schedule demo.
SIGNERS = {
    "ct": ("Võ Trọng Nghĩa", "Chủ tịch"),
    "pct-van": ("Nguyễn Thị Hồng Vân", "KT. Chủ tịch – Phó Chủ tịch"),
    "pct-son": ("Đặng Văn Sơn", "KT. Chủ tịch – Phó Chủ tịch"),
    "hdnd": ("Phạm Quốc Hưng", "Chủ tịch HĐND huyện"),
    "bt": ("Lê Văn Thành", "T/M Ban Thường vụ – Bí thư"),
    "pbt": ("Trần Đình Hải", "T/M Ban Thường vụ – Phó Bí thư Thường trực"),
    "tinh": ("Trần Minh Quang", "KT. Chủ tịch – Phó Chủ tịch UBND tỉnh"),
    "hdnd-tinh": ("Hoàng Văn Đức", "Chủ tịch HĐND tỉnh"),
    "so": ("Nguyễn Thị Minh Phương", "Giám đốc Sở"),
    "gd": ("Phan Văn Lộc", "Trưởng phòng Giáo dục và Đào tạo"),
    "nn": ("Bùi Quang Trung", "Trưởng phòng Nông nghiệp và PTNT"),
}

# The documents the report names, and the national texts they stand on. Fixed dates.
# key, type, number, issuer, field, issue, effective, expiry, summary, signer, relations
NAMED = [
    (
        "nd-110-2004",
        "nghi-dinh",
        "110/2004/NĐ-CP",
        "chinh-phu",
        "noi-vu",
        date(2004, 4, 8),
        None,
        None,
        "Về công tác văn thư",
        ("Phan Văn Khải", "TM. Chính phủ – Thủ tướng"),
        [],
    ),
    (
        "nd-09-2010",
        "nghi-dinh",
        "09/2010/NĐ-CP",
        "chinh-phu",
        "noi-vu",
        date(2010, 2, 8),
        None,
        None,
        "Sửa đổi, bổ sung một số điều của Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ "
        "về công tác văn thư",
        ("Nguyễn Tấn Dũng", "TM. Chính phủ – Thủ tướng"),
        [("amends", "nd-110-2004")],
    ),
    (
        "nd-43-2011",
        "nghi-dinh",
        "43/2011/NĐ-CP",
        "chinh-phu",
        "thong-tin-truyen-thong",
        date(2011, 6, 13),
        date(2011, 8, 1),
        None,
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến trên trang thông tin điện tử hoặc cổng "
        "thông tin điện tử của cơ quan nhà nước",
        ("Nguyễn Tấn Dũng", "TM. Chính phủ – Thủ tướng"),
        [],
    ),
    (
        "luat-104-2016",
        "luat",
        "104/2016/QH13",
        "quoc-hoi",
        "tu-phap",
        date(2016, 4, 6),
        date(2018, 7, 1),
        None,
        "Luật Tiếp cận thông tin",
        ("Nguyễn Thị Kim Ngân", "Chủ tịch Quốc hội"),
        [],
    ),
    (
        "qd-739-2017",
        "quyet-dinh",
        "739/QĐ-UBND",
        "ubnd-tinh-ha-tinh",
        "thong-tin-truyen-thong",
        date(2017, 3, 22),
        None,
        None,
        "Ban hành Quy chế quản lý, cung cấp thông tin trên Cổng Thông tin điện tử tỉnh và trang thông tin điện tử "
        "của các sở, ban, ngành, UBND các huyện, thành phố, thị xã",
        SIGNERS["tinh"],
        [("implements", "nd-43-2011")],
    ),
    (
        "qd-7210-2017",
        "quyet-dinh",
        "7210/QĐ-UBND",
        "ubnd-huyen",
        "thong-tin-truyen-thong",
        date(2017, 12, 8),
        None,
        None,
        "Ban hành Quy chế tổ chức và hoạt động của Cổng Thông tin điện tử huyện Thạch Hà",
        SIGNERS["ct"],
        [("implements", "nd-43-2011"), ("implements", "qd-739-2017")],
    ),
    (
        "qd-7600-2017",
        "quyet-dinh",
        "7600/QĐ-UBND",
        "ubnd-huyen",
        "thong-tin-truyen-thong",
        date(2017, 12, 18),
        None,
        None,
        "Kiện toàn Ban Biên tập Cổng Thông tin điện tử huyện Thạch Hà",
        SIGNERS["ct"],
        [("related", "qd-7210-2017")],
    ),
    (
        "luat-24-2018",
        "luat",
        "24/2018/QH14",
        "quoc-hoi",
        "quoc-phong-an-ninh",
        date(2018, 6, 12),
        date(2019, 1, 1),
        None,
        "Luật An ninh mạng",
        ("Nguyễn Thị Kim Ngân", "Chủ tịch Quốc hội"),
        [],
    ),
    (
        "nd-30-2020",
        "nghi-dinh",
        "30/2020/NĐ-CP",
        "chinh-phu",
        "noi-vu",
        date(2020, 3, 5),
        None,
        None,
        "Về công tác văn thư",
        ("Nguyễn Xuân Phúc", "TM. Chính phủ – Thủ tướng"),
        [("replaces", "nd-110-2004"), ("replaces", "nd-09-2010")],
    ),
    (
        "nd-47-2020",
        "nghi-dinh",
        "47/2020/NĐ-CP",
        "chinh-phu",
        "thong-tin-truyen-thong",
        date(2020, 4, 9),
        date(2020, 5, 25),
        None,
        "Về quản lý, kết nối và chia sẻ dữ liệu số của cơ quan nhà nước",
        ("Nguyễn Xuân Phúc", "TM. Chính phủ – Thủ tướng"),
        [],
    ),
    (
        "qd-749-2020",
        "quyet-dinh",
        "749/QĐ-TTg",
        "thu-tuong-chinh-phu",
        "thong-tin-truyen-thong",
        date(2020, 6, 3),
        None,
        None,
        "Phê duyệt “Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030”",
        ("Nguyễn Xuân Phúc", "Thủ tướng"),
        [],
    ),
    (
        "nd-42-2022",
        "nghi-dinh",
        "42/2022/NĐ-CP",
        "chinh-phu",
        "thong-tin-truyen-thong",
        date(2022, 6, 24),
        date(2022, 8, 25),
        None,
        "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng",
        ("Vũ Đức Đam", "TM. Chính phủ – KT. Thủ tướng – Phó Thủ tướng"),
        [("replaces", "nd-43-2011")],
    ),
    (
        "cv-4946-2022",
        "cong-van",
        "4946/BTTTT-CĐSQG",
        "bo-thong-tin-va-truyen-thong",
        "thong-tin-truyen-thong",
        date(2022, 12, 2),
        None,
        None,
        "Hướng dẫn triển khai Nghị định số 42/2022/NĐ-CP về cung cấp thông tin và dịch vụ công trực tuyến của "
        "cơ quan nhà nước trên môi trường mạng",
        ("Nguyễn Huy Dũng", "KT. Bộ trưởng – Thứ trưởng"),
        [("guides", "nd-42-2022")],
    ),
]

# The district's and the province's everyday documents, one a line:
# key | type | issuer | field | issued | signer | summary
# "issued" is "-N/mm/dd" (that day N years ago; a day still to come falls back a year), "dN" (N
# days ago) or a fixed dd/mm/yyyy. In the summary, {y} is the year of issue, {y+1} the next...
RECENT_TABLE = """
kh-cds | ke-hoach | ubnd-huyen | thong-tin-truyen-thong | -4/03/15 | pct-van | Chuyển đổi số huyện Thạch Hà giai đoạn {y} – {y+3}, định hướng đến năm {y+8}
qd-bbt-moi | quyet-dinh | ubnd-huyen | thong-tin-truyen-thong | -4/08/20 | ct | Kiện toàn Ban Biên tập Cổng Thông tin điện tử huyện Thạch Hà
qd-quyche-moi | quyet-dinh | ubnd-huyen | thong-tin-truyen-thong | -4/09/06 | ct | Sửa đổi, bổ sung một số điều của Quy chế tổ chức và hoạt động của Cổng Thông tin điện tử huyện Thạch Hà
ct-covid | chi-thi | ubnd-huyen | phong-chong-dich-benh | 10/05/2021 | ct | Thực hiện các biện pháp cấp bách phòng, chống dịch COVID-19 trên địa bàn huyện
kh-covid-tiem | ke-hoach | ubnd-huyen | phong-chong-dich-benh | 12/07/2021 | pct-van | Triển khai chiến dịch tiêm vắc xin phòng COVID-19 trên địa bàn huyện năm {y}
cv-covid-cachly | cong-van | ubnd-huyen | phong-chong-dich-benh | 02/08/2021 | pct-van | Tăng cường các biện pháp phòng, chống dịch COVID-19 trong tình hình mới
ct-covid-thay | chi-thi | ubnd-huyen | phong-chong-dich-benh | 01/11/2021 | ct | Thích ứng an toàn, linh hoạt, kiểm soát hiệu quả dịch COVID-19 trên địa bàn huyện
nq-hdnd-kt-1 | nghi-quyet | hdnd-huyen | ke-hoach-dau-tu | -3/12/20 | hdnd | Về nhiệm vụ phát triển kinh tế – xã hội, quốc phòng – an ninh năm {y+1}
nq-hdnd-ds-1 | nghi-quyet | hdnd-huyen | tai-chinh-ngan-sach | -3/12/20 | hdnd | Về dự toán thu, chi ngân sách địa phương và phân bổ dự toán ngân sách huyện năm {y+1}
qd-ntm-tieu-chi | quyet-dinh | ubnd-huyen | xay-dung-nong-thon-moi | -3/04/18 | pct-son | Ban hành Bộ tiêu chí thôn nông thôn mới kiểu mẫu trên địa bàn huyện giai đoạn {y} – {y+3}
kh-ntm-1 | ke-hoach | ubnd-huyen | xay-dung-nong-thon-moi | -3/02/25 | pct-son | Xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu năm {y}
tb-thi-tuyen | thong-bao | ubnd-huyen | noi-vu | -3/06/08 | pct-van | Kết quả kỳ tuyển dụng viên chức giáo dục năm {y}
bc-cchc-1 | bao-cao | ubnd-huyen | cai-cach-hanh-chinh | -3/12/05 | pct-van | Kết quả công tác cải cách hành chính năm {y}, phương hướng nhiệm vụ năm {y+1}
kh-cchc-1 | ke-hoach | ubnd-huyen | cai-cach-hanh-chinh | -2/01/10 | pct-van | Cải cách hành chính năm {y}
qd-thien-tai | quyet-dinh | ubnd-huyen | phong-chong-thien-tai | -2/05/22 | ct | Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn huyện năm {y}
pa-bao-lu | phuong-an | ubnd-huyen | phong-chong-thien-tai | -2/07/03 | pct-son | Ứng phó với bão mạnh, siêu bão và mưa lớn gây lũ, ngập lụt trên địa bàn huyện
cd-bao | cong-dien | ubnd-huyen | phong-chong-thien-tai | -2/09/27 | ct | Về việc tập trung ứng phó với bão số 4
kh-ttgt-1 | ke-hoach | ubnd-huyen | xay-dung-giao-thong | -2/02/14 | pct-son | Bảo đảm trật tự, an toàn giao thông năm {y}
qd-gia-dat | quyet-dinh | ubnd-huyen | tai-nguyen-moi-truong | -2/03/30 | pct-son | Phê duyệt giá đất cụ thể để tính tiền bồi thường khi Nhà nước thu hồi đất thực hiện dự án đường liên xã Thạch Đài – Thạch Kênh
qd-sua-gia-dat | quyet-dinh | ubnd-huyen | tai-nguyen-moi-truong | -2/08/15 | pct-son | Sửa đổi, bổ sung một số nội dung của Quyết định phê duyệt giá đất cụ thể dự án đường liên xã Thạch Đài – Thạch Kênh
hd-gd-nam-hoc | huong-dan | phong-giao-duc-dao-tao | giao-duc-dao-tao | -2/08/28 | gd | Thực hiện nhiệm vụ giáo dục mầm non, tiểu học, trung học cơ sở năm học {y} – {y+1}
cv-gd-tuyen-sinh | cong-van | phong-giao-duc-dao-tao | giao-duc-dao-tao | -2/05/05 | gd | Về việc tuyển sinh vào lớp 1 và lớp 6 năm học {y} – {y+1}
kh-gd-chuan | ke-hoach | ubnd-huyen | giao-duc-dao-tao | -2/10/12 | pct-van | Xây dựng trường học đạt chuẩn quốc gia giai đoạn {y} – {y+2}
tb-lich-tiep-dan | thong-bao | ubnd-huyen | thanh-tra-khieu-nai-to-cao | -2/12/26 | ct | Lịch tiếp công dân định kỳ của Chủ tịch UBND huyện năm {y+1}
bc-tiep-dan | bao-cao | thanh-tra-huyen | thanh-tra-khieu-nai-to-cao | -2/11/20 | ct | Công tác tiếp công dân, giải quyết khiếu nại, tố cáo năm {y}
ct-hu-ntm | chi-thi | huyen-uy | xay-dung-nong-thon-moi | -2/04/03 | bt | Về tăng cường sự lãnh đạo của cấp ủy đảng đối với phong trào xây dựng khu dân cư nông thôn mới kiểu mẫu
nq-hu-cds | nghi-quyet | huyen-uy | thong-tin-truyen-thong | -3/06/20 | bt | Về chuyển đổi số huyện Thạch Hà đến năm {y+2}, định hướng đến năm {y+7}
kh-hu-dang-vien | ke-hoach | huyen-uy | noi-vu | -1/03/08 | pbt | Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm {y}
tb-hu-ket-luan | thong-bao | huyen-uy | ke-hoach-dau-tu | -1/06/15 | pbt | Kết luận của Ban Thường vụ Huyện ủy về tình hình thực hiện nhiệm vụ 6 tháng đầu năm {y}
cv-hu-tuyen-truyen | cong-van | huyen-uy | thong-tin-truyen-thong | -1/09/09 | pbt | Về việc đẩy mạnh công tác tuyên truyền kỷ niệm các ngày lễ lớn của đất nước
nq-hdnd-kt-2 | nghi-quyet | hdnd-huyen | ke-hoach-dau-tu | -2/12/19 | hdnd | Về nhiệm vụ phát triển kinh tế – xã hội, quốc phòng – an ninh năm {y+1}
nq-hdnd-dt-2 | nghi-quyet | hdnd-huyen | tai-chinh-ngan-sach | -2/12/19 | hdnd | Về kế hoạch đầu tư công năm {y+1}
nq-hdnd-kt-3 | nghi-quyet | hdnd-huyen | ke-hoach-dau-tu | -1/12/18 | hdnd | Về nhiệm vụ phát triển kinh tế – xã hội, quốc phòng – an ninh năm {y+1}
bb-hdnd-ky-hop | bien-ban | hdnd-huyen | noi-vu | -1/12/18 | hdnd | Kỳ họp thường lệ cuối năm {y} của Hội đồng nhân dân huyện
ttr-dt-3 | to-trinh | ubnd-huyen | tai-chinh-ngan-sach | -1/11/28 | ct | Đề nghị thông qua dự toán thu, chi ngân sách địa phương năm {y+1}
kh-ttgt-2 | ke-hoach | ubnd-huyen | xay-dung-giao-thong | -1/01/20 | pct-son | Bảo đảm trật tự, an toàn giao thông năm {y}
qd-vu-xuan | quyet-dinh | ubnd-huyen | nong-nghiep-phat-trien-nong-thon | -1/02/19 | pct-son | Phê duyệt kế hoạch sản xuất vụ Xuân năm {y}
kh-vu-he-thu | ke-hoach | phong-nong-nghiep | nong-nghiep-phat-trien-nong-thon | -1/05/06 | nn | Sản xuất vụ Hè Thu năm {y}
tb-nn-sau-benh | thong-bao | phong-nong-nghiep | nong-nghiep-phat-trien-nong-thon | -1/06/24 | nn | Tình hình sâu bệnh hại lúa Hè Thu và biện pháp phòng trừ
qd-rung | quyet-dinh | ubnd-huyen | nong-nghiep-phat-trien-nong-thon | -1/03/25 | pct-son | Ban hành Phương án phòng cháy, chữa cháy rừng năm {y}
kh-van-hoa | ke-hoach | ubnd-huyen | van-hoa-the-thao-du-lich | -1/01/05 | pct-van | Tổ chức các hoạt động văn hóa, thể thao mừng Đảng, mừng Xuân năm {y}
qd-dai-hoi-tdtt | quyet-dinh | ubnd-huyen | van-hoa-the-thao-du-lich | -1/04/02 | pct-van | Thành lập Ban Tổ chức Đại hội Thể dục thể thao huyện lần thứ X
gm-hoi-nghi | giay-moi | ubnd-huyen | ke-hoach-dau-tu | -1/07/01 | ct | Dự Hội nghị sơ kết công tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm {y}
kh-ldtbxh | ke-hoach | ubnd-huyen | lao-dong-thuong-binh-xa-hoi | -1/07/10 | pct-van | Tổ chức các hoạt động kỷ niệm {y-1947} năm Ngày Thương binh – Liệt sĩ (27/7/1947 – 27/7/{y})
qd-ho-ngheo | quyet-dinh | ubnd-huyen | lao-dong-thuong-binh-xa-hoi | -1/12/30 | pct-van | Công nhận kết quả rà soát hộ nghèo, hộ cận nghèo năm {y}
kh-tu-phap | ke-hoach | ubnd-huyen | tu-phap | -1/01/25 | pct-van | Phổ biến, giáo dục pháp luật và hòa giải ở cơ sở năm {y}
kh-qs | ke-hoach | ubnd-huyen | quoc-phong-an-ninh | -1/10/14 | ct | Tuyển chọn và gọi công dân nhập ngũ năm {y+1}
qd-tinh-cds | quyet-dinh | ubnd-tinh-ha-tinh | thong-tin-truyen-thong | -2/06/14 | tinh | Ban hành Kế hoạch chuyển đổi số tỉnh Hà Tĩnh năm {y}
kh-tinh-tiep-can | ke-hoach | ubnd-tinh-ha-tinh | tu-phap | -3/05/30 | tinh | Triển khai thi hành Luật Tiếp cận thông tin trên địa bàn tỉnh
nq-hdnd-tinh | nghi-quyet | hdnd-tinh-ha-tinh | xay-dung-nong-thon-moi | -2/07/18 | hdnd-tinh | Quy định một số chính sách hỗ trợ xây dựng nông thôn mới nâng cao, kiểu mẫu trên địa bàn tỉnh
cv-stttt | cong-van | so-thong-tin-va-truyen-thong-ha-tinh | thong-tin-truyen-thong | -1/03/11 | so | Về việc bảo đảm an toàn thông tin cho cổng, trang thông tin điện tử của các cơ quan, đơn vị
kh-stttt | ke-hoach | so-thong-tin-va-truyen-thong-ha-tinh | thong-tin-truyen-thong | -1/02/20 | so | Kiểm tra việc cung cấp thông tin trên cổng, trang thông tin điện tử của các cơ quan nhà nước năm {y}
kh-cds-nam | ke-hoach | ubnd-huyen | thong-tin-truyen-thong | -0/01/16 | pct-van | Chuyển đổi số, phát triển chính quyền số huyện năm {y}
kh-cchc-nam | ke-hoach | ubnd-huyen | cai-cach-hanh-chinh | -0/01/09 | pct-van | Cải cách hành chính năm {y}
qd-bbt-nam | quyet-dinh | ubnd-huyen | thong-tin-truyen-thong | -0/02/03 | ct | Phân công nhiệm vụ thành viên Ban Biên tập Cổng Thông tin điện tử huyện năm {y}
tb-nghi-le | thong-bao | ubnd-huyen | noi-vu | -0/04/20 | pct-van | Nghỉ lễ Ngày Chiến thắng 30/4 và Quốc tế Lao động 1/5 năm {y}
bc-6-thang | bao-cao | ubnd-huyen | ke-hoach-dau-tu | -0/06/25 | ct | Tình hình kinh tế – xã hội 6 tháng đầu năm {y}, nhiệm vụ trọng tâm 6 tháng cuối năm
hd-cong-tt | huong-dan | van-phong-hdnd-ubnd | thong-tin-truyen-thong | -0/03/04 | ct | Cung cấp tin, bài và văn bản chỉ đạo điều hành cho Cổng Thông tin điện tử huyện
cv-ntm-nam | cong-van | ubnd-huyen | xay-dung-nong-thon-moi | -0/05/13 | pct-son | Về việc đẩy nhanh tiến độ xây dựng khu dân cư nông thôn mới kiểu mẫu
kh-he | ke-hoach | ubnd-huyen | van-hoa-the-thao-du-lich | -0/05/28 | pct-van | Tổ chức hoạt động hè cho thiếu niên, nhi đồng năm {y}
qd-gd-tuyen-sinh | quyet-dinh | ubnd-huyen | giao-duc-dao-tao | -0/06/02 | pct-van | Phê duyệt kế hoạch tuyển sinh vào lớp 6 năm học {y} – {y+1}
tb-dat-dau-gia | thong-bao | ubnd-huyen | tai-nguyen-moi-truong | -0/07/07 | pct-son | Đấu giá quyền sử dụng đất ở tại thị trấn Thạch Hà
bc-thien-tai | bao-cao | ubnd-huyen | phong-chong-thien-tai | -0/10/20 | pct-son | Thiệt hại do mưa lũ và công tác khắc phục hậu quả
cv-bien-che | cong-van | phong-noi-vu | noi-vu | -0/08/12 | ct | Về việc rà soát, báo cáo vị trí việc làm, biên chế công chức
qd-khu-dan-cu | quyet-dinh | ubnd-huyen | xay-dung-nong-thon-moi | d12 | pct-son | Ban hành Quy định tiêu chí khu dân cư kiểu mẫu áp dụng từ năm {y+1}
nq-hdnd-du-toan | nghi-quyet | hdnd-huyen | tai-chinh-ngan-sach | d5 | hdnd | Về dự toán thu, chi ngân sách địa phương năm {y+1}
"""

# What some of them say of others, their number's form, their dates.
EXTRA = {
    "qd-bbt-moi": {"relations": [("replaces", "qd-7600-2017")]},
    "qd-quyche-moi": {"relations": [("amends", "qd-7210-2017")]},
    "kh-covid-tiem": {"expiry": date(2021, 12, 31)},
    "cv-covid-cachly": {"symbol": "UBND-YT", "expiry": date(2022, 3, 1)},
    "ct-covid-thay": {"relations": [("replaces", "ct-covid")], "expiry": date(2022, 12, 31)},
    "cd-bao": {"expiry_days": 13},
    "qd-sua-gia-dat": {"relations": [("amends", "qd-gia-dat")]},
    "hd-gd-nam-hoc": {"symbol_body": "PGDĐT"},
    "cv-gd-tuyen-sinh": {"symbol": "PGDĐT-TH"},
    "tb-lich-tiep-dan": {"expiry_days": 371},
    "bc-tiep-dan": {"symbol_body": "TTr"},
    "ct-hu-ntm": {"party": True},
    "nq-hu-cds": {"party": True},
    "kh-hu-dang-vien": {"party": True},
    "tb-hu-ket-luan": {"party": True},
    "cv-hu-tuyen-truyen": {"party": True, "party_type": "CV"},
    "kh-ttgt-2": {"relations": [("replaces", "kh-ttgt-1")]},
    "kh-vu-he-thu": {"symbol_body": "PNN"},
    "tb-nn-sau-benh": {"symbol_body": "PNN"},
    "kh-ldtbxh": {"expiry_days": 22},
    "kh-tinh-tiep-can": {"relations": [("implements", "luat-104-2016")]},
    "nq-hdnd-tinh": {"with_year": True},
    "cv-stttt": {"symbol": "STTTT-BCVT"},
    "kh-stttt": {"symbol_body": "STTTT"},
    "kh-cchc-nam": {"relations": [("replaces", "kh-cchc-1")]},
    "qd-bbt-nam": {"relations": [("implements", "qd-bbt-moi")]},
    "hd-cong-tt": {"symbol_body": "VP"},
    "cv-ntm-nam": {"symbol": "UBND-NN"},
    "cv-bien-che": {"symbol": "PNV"},
    "qd-khu-dan-cu": {"effective_days": 45, "relations": [("replaces", "qd-ntm-tieu-chi")]},
    "nq-hdnd-du-toan": {"effective_days": 40},
}


def build(builder, home):
    index = builder.child_page(
        home,
        LegalDocumentIndexPage,
        "van-ban",
        title="Văn bản",
        show_in_menus=True,
        intro="<p>Văn bản quy phạm pháp luật, văn bản chỉ đạo, điều hành của cấp trên và của huyện Thạch Hà.</p>",
    )
    units = dict(builder.units)
    for slug, (name, short_name) in SUPERIOR.items():
        units[slug], created = Unit.objects.get_or_create(
            slug=slug, defaults={"name": name, "short_name": short_name, "kind": Unit.Kind.SUPERIOR}
        )
        builder.created["units"] += created
    maker = DocumentMaker(builder, index, units)
    for entry in NAMED:
        maker.named(*entry)
    for line in RECENT_TABLE.strip().splitlines():
        maker.recent(*[part.strip() for part in line.split("|")])
    return index


class DocumentMaker:
    def __init__(self, builder, index, units):
        self.builder = builder
        self.index = index
        self.units = units
        self.types = {t.slug: t for t in DocumentType.objects.all()}
        self.areas = {a.slug: a for a in SubjectArea.objects.all()}
        self.collection = document_collection()
        self.today = timezone.localdate(builder.now)
        self.pages: dict[str, LegalDocumentPage] = {}
        self.counter = 0

    def named(self, key, type_slug, number, issuer, area, issued, effective, expiry, summary, signer, relations):
        self.make(key, type_slug, number, issuer, area, issued, effective, expiry, summary, signer, relations)

    def recent(self, key, type_slug, issuer, area, when, signer_key, summary):
        extra = EXTRA.get(key, {})
        issued = self.issue_day(when)
        self.counter += 1
        number = self.number_for(type_slug, issuer, issued, extra)
        effective = issued + timedelta(days=extra["effective_days"]) if "effective_days" in extra else None
        expiry = extra.get("expiry")
        if "expiry_days" in extra:
            expiry = issued + timedelta(days=extra["expiry_days"])
        summary = re.sub(r"\{y([+-]\d+)?\}", lambda m: str(issued.year + int(m.group(1) or 0)), summary)
        relations = extra.get("relations", [])
        self.make(
            key, type_slug, number, issuer, area, issued, effective, expiry, summary, SIGNERS[signer_key], relations
        )

    def issue_day(self, when: str) -> date:
        if when.startswith("d"):
            return self.today - timedelta(days=int(when[1:]))
        if when.startswith("-"):
            years_ago, month, day = (int(part) for part in when[1:].split("/"))
            issued = date(self.today.year - years_ago, month, day)
            return issued if issued <= self.today else issued.replace(year=issued.year - 1)
        day, month, year = (int(part) for part in when.split("/"))
        return date(year, month, day)

    def number_for(self, type_slug, issuer, issued, extra) -> str:
        """A number the way this body would write it on that day."""
        day_of_year = issued.timetuple().tm_yday
        abbreviation = self.types[type_slug].abbreviation
        if extra.get("party"):
            sequence = max(1, day_of_year // 12 + self.counter % 5)
            return f"{sequence:02d}-{extra.get('party_type', abbreviation)}/HU"
        if issuer in {"hdnd-huyen", "hdnd-tinh-ha-tinh"}:
            sequence = max(1, day_of_year // 20 + self.counter % 4)
            year = f"/{issued.year}" if extra.get("with_year") else ""
            return f"{sequence:02d}{year}/{abbreviation}-HĐND"
        sequence = day_of_year * 21 + self.counter * 7 % 20 + 1
        if extra.get("symbol"):
            return f"{sequence}/{extra['symbol']}"
        body = extra.get("symbol_body", "UBND")
        return f"{sequence}/{abbreviation}-{body}"

    def make(self, key, type_slug, number, issuer, area, issued, effective, expiry, summary, signer, relations):
        document_type = self.types[type_slug]
        probe = LegalDocumentPage(number=number, document_type=document_type, issue_date=issued)
        slug = probe.default_slug()
        existing = LegalDocumentPage.objects.child_of(self.index).filter(slug=slug).first()
        if existing is not None:
            self.pages[key] = existing
            return existing
        issuing_body = self.units[issuer]
        signer_name, signer_title = signer
        attachments = [
            DocumentAttachment(
                document=self.pdf(probe.auto_title(), number, issuing_body, document_type, issued, summary, signer),
                label="Văn bản",
                sort_order=0,
            )
        ]
        if key in {"qd-7600-2017", "qd-bbt-2021"}:
            attachments.append(
                DocumentAttachment(
                    document=self.members_sheet(number, issued), label="Danh sách thành viên Ban Biên tập", sort_order=1
                )
            )
        page = self.builder.child_page(
            self.index,
            LegalDocumentPage,
            slug,
            title=probe.auto_title(),
            number=number,
            document_type=document_type,
            issuing_body=issuing_body,
            subject_area=self.areas.get(area),
            issue_date=issued,
            effective_date=effective,
            expiry_date=expiry,
            summary=summary,
            signer_name=signer_name,
            signer_title=signer_title,
            owner=self.builder.users.get("vanthu"),
            attachments=attachments,
            relations=[
                DocumentRelation(relation_type=RelationType(kind), target=self.pages[target], sort_order=order)
                for order, (kind, target) in enumerate(relations)
            ],
        )
        published = timezone.make_aware(
            datetime.combine(max(issued, date(2017, 1, 1)) + timedelta(days=1), time(8, 30))
        )
        published = min(published, self.builder.now)
        LegalDocumentPage.objects.filter(pk=page.pk).update(
            first_published_at=published, last_published_at=published, latest_revision_created_at=published
        )
        self.pages[key] = page
        return page

    def store(self, title, name, content):
        Document = get_document_model()
        document = Document.objects.filter(collection=self.collection, title=title).first()
        if document is not None:
            return document
        document = Document(title=title, collection=self.collection)
        document.file.save(name, ContentFile(content), save=False)
        document.file_size = len(content)
        document.file_hash = hashlib.sha1(content, usedforsecurity=False).hexdigest()
        document.save()
        return document

    def pdf(self, title, number, issuing_body, document_type, issued, summary, signer):
        lines = [
            issuing_body.name.upper(),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập – Tự do – Hạnh phúc",
            f"Số: {number}",
            f"Thạch Hà, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}",
            "",
            document_type.name.upper(),
            summary,
            "",
            *BODIES.get(document_type.slug, BODIES["default"]),
            "",
            signer[1].upper(),
            "(Đã ký)",
            signer[0],
            "",
            "Văn bản mẫu của Cổng Thông tin điện tử huyện Thạch Hà, tạo tự động cho mục đích trình diễn.",
        ]
        name = f"{probe_name(number, issued)}.pdf"
        return self.store(f"{title} ({issued:%d/%m/%Y})", name, make_pdf(lines, title=title))

    def members_sheet(self, number, issued):
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Ban Biên tập"
        sheet.append(["STT", "Họ và tên", "Chức vụ, đơn vị", "Nhiệm vụ trong Ban Biên tập"])
        for row in MEMBERS:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        title = f"Danh sách thành viên Ban Biên tập kèm theo {number} ({issued:%d/%m/%Y})"
        return self.store(title, f"{probe_name(number, issued)}-phu-luc.xlsx", buffer.getvalue())


def probe_name(number, issued) -> str:
    from core.text import slugify_vi

    return slugify_vi(f"{number.replace('/', ' ')} {issued.year}")


MEMBERS = [
    (1, "Võ Trọng Nghĩa", "Chủ tịch UBND huyện", "Trưởng ban"),
    (2, "Nguyễn Hùng Vỹ", "Trưởng phòng Văn hóa và Thông tin", "Phó Trưởng ban Thường trực"),
    (3, "Lê Thị Biên", "Chuyên viên Phòng Văn hóa và Thông tin", "Thành viên, biên tập viên"),
    (4, "Trần Quốc Quản", "Trung tâm Văn hóa – Truyền thông", "Thành viên, phụ trách kỹ thuật"),
    (5, "Hoàng Thị Thư", "Văn thư Văn phòng HĐND – UBND huyện", "Thành viên, cập nhật văn bản"),
]

BODIES = {
    "quyet-dinh": [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Theo đề nghị của Trưởng phòng chuyên môn.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này nội dung nêu tại trích yếu.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng HĐND – UBND huyện, Thủ trưởng các phòng, ban, đơn vị liên quan và Chủ tịch "
        "UBND các xã, thị trấn chịu trách nhiệm thi hành Quyết định này.",
    ],
    "ke-hoach": [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Triển khai đồng bộ, hiệu quả các nhiệm vụ; phân công rõ trách nhiệm, thời gian hoàn thành.",
        "II. NỘI DUNG, NHIỆM VỤ",
        "Các phòng, ban, đơn vị và UBND các xã, thị trấn xây dựng kế hoạch cụ thể để thực hiện.",
        "III. TỔ CHỨC THỰC HIỆN",
        "Định kỳ hằng quý báo cáo kết quả về UBND huyện (qua Văn phòng HĐND – UBND huyện) để tổng hợp.",
    ],
    "nghi-quyet": [
        "HỘI ĐỒNG NHÂN DÂN HUYỆN",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        "Xét Tờ trình của UBND huyện, báo cáo thẩm tra của các Ban HĐND huyện và ý kiến thảo luận của đại biểu.",
        "QUYẾT NGHỊ:",
        "Điều 1. Thông qua nội dung nêu tại trích yếu.",
        "Điều 2. Giao UBND huyện tổ chức thực hiện; Thường trực HĐND, các Ban HĐND và đại biểu HĐND huyện giám sát.",
    ],
    "cong-van": [
        "Kính gửi: Các phòng, ban, đơn vị thuộc UBND huyện; UBND các xã, thị trấn.",
        "Thực hiện chỉ đạo của cấp trên, đề nghị các cơ quan, đơn vị triển khai ngay các nội dung nêu tại trích yếu.",
        "Quá trình thực hiện, nếu có vướng mắc, báo cáo về cơ quan ban hành để được hướng dẫn.",
    ],
    "default": [
        "Căn cứ chức năng, nhiệm vụ được giao và tình hình thực tế của địa phương;",
        "Cơ quan ban hành văn bản này với nội dung nêu tại trích yếu.",
        "Đề nghị các cơ quan, đơn vị và cá nhân liên quan nghiêm túc thực hiện.",
    ],
}
