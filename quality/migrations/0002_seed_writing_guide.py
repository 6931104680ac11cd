from django.db import migrations

GUIDE = """<h2>Viết tin, bài cho Cổng thông tin điện tử huyện</h2>
<ol>
<li><b>Tiêu đề</b> ngắn gọn, rõ ý, từ 20 đến 150 ký tự, viết hoa chữ cái đầu câu và tên riêng, không viết hoa toàn bộ.</li>
<li><b>Sapo</b> một đến hai câu trả lời: ai, làm gì, ở đâu, khi nào. Sapo ngắn hơn phần nội dung.</li>
<li><b>Nội dung</b> ít nhất 150 chữ; mỗi đoạn một ý; nêu số liệu cụ thể, tên đơn vị, tên người đầy đủ, chức vụ.</li>
<li>Không sao chép tin đã đăng; tin trùng lặp sẽ bị từ chối.</li>
<li>Ghi rõ tác giả, đơn vị gửi bài và nguồn (nếu có).</li>
</ol>
<h2>Ảnh</h2>
<ul>
<li>Ảnh rộng tối thiểu 1200 điểm ảnh, rõ nét, đúng sáng; không dùng ảnh chụp màn hình hay ảnh phóng to từ ảnh nhỏ.</li>
<li>Mỗi ảnh có chú thích (ai, làm gì, ở đâu) và mô tả thay thế cho người khiếm thị.</li>
<li>Ghi tên người chụp; chỉ dùng ảnh của đơn vị hoặc được phép sử dụng.</li>
</ul>"""


def seed(apps, schema_editor):
    QualitySettings = apps.get_model("quality", "QualitySettings")
    settings = QualitySettings.objects.first()
    if settings is None:
        QualitySettings.objects.create(writing_guide=GUIDE)
    elif not settings.writing_guide:
        settings.writing_guide = GUIDE
        settings.save(update_fields=["writing_guide"])


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
