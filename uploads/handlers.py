"""Upload handlers that give every uploaded file a safe name as soon as it arrives.

Renaming here, before any view sees the file, covers every upload path alike: the image and
document forms, Wagtail's multiple uploader (including its "finish the details later" path,
which stores the file without going through the form) and any later form with a file field.
"""

from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler

from .names import safe_filename


class SafeNameMemoryFileUploadHandler(MemoryFileUploadHandler):
    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, safe_filename(file_name), *args, **kwargs)


class SafeNameTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, safe_filename(file_name), *args, **kwargs)
