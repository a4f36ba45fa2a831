from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from jiedao.core.spreadsheets import LIMITS
from jiedao.core.spreadsheets.limits import too_big_file

# The shared reader's limit, which the import command meets too; the page refuses a
# bigger file before reading it, with the reader's message.
MAX_UPLOAD_MB = LIMITS.max_file_bytes // (1024 * 1024)
ACCEPTED = ".xlsx,.xls,.ods,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("花名册文件"),
        help_text=gettext_lazy("Excel（.xlsx、.xls）或 WPS/LibreOffice（.ods），不超过20 MB。"),
        error_messages={"required": gettext_lazy("请选择要导入的文件。")},
        widget=forms.FileInput(attrs={"accept": ACCEPTED}),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("只检查，不导入"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if (upload.size or 0) > LIMITS.max_file_bytes:
            raise forms.ValidationError(too_big_file(LIMITS).message, code="too_large")
        return upload
