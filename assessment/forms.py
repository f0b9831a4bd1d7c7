"""The evaluator's sheet of an institution's values in a round."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from assessment import reports, scoring
from assessment.models import IndicatorValue
from core.forms import FilesChosenAgainMixin
from core.grids import GridForm
from core.models import PraxisDocument
from core.numbers import typed_number
from core.uploads import check_upload

EVIDENCE_TYPES = {"pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt", "ods"}


@dataclass
class ValueLine:
    """One indicator of the round's framework with what is stored for the institution."""

    indicator: scoring.Indicator
    stored: IndicatorValue | None
    evidence: list[PraxisDocument] = field(default_factory=list)

    @property
    def pk(self) -> str:
        return self.indicator["code"]

    @property
    def manual(self) -> bool:
        return self.indicator["source"] == scoring.MANUAL

    @property
    def source(self) -> str:
        return reports.source_label(self.indicator)

    @property
    def note(self) -> str:
        return self.stored.note if self.stored else ""

    @property
    def shown(self) -> str:
        value = self.stored.value if self.stored else None
        return reports.shown(value, reports.unit_of(self.indicator))


def check_evidence(upload: UploadedFile[Any]) -> None:
    check_upload(upload, EVIDENCE_TYPES, settings.DOCUMENT_MAX_UPLOAD_MB)


class RoundValuesForm(FilesChosenAgainMixin, GridForm[ValueLine]):
    """A value, a note and an evidence file per manual indicator, while the round is open;
    computed indicators, and every indicator of a closed round, are shown without inputs."""

    def __init__(self, lines: list[ValueLine], editable: bool, *args: Any, **kwargs: Any) -> None:
        self.editable = editable
        super().__init__(lines, *args, **kwargs)

    def row_fields(self, row: ValueLine) -> dict[str, forms.Field]:
        if not (row.manual and self.editable):
            return {}
        code = row.indicator["code"]
        return {
            "value": forms.CharField(
                label=_("Value of %(code)s") % {"code": code},
                required=False,
                initial=typed_number(row.stored.value if row.stored else None),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            ),
            "note": forms.CharField(
                label=_("Note on %(code)s") % {"code": code},
                required=False,
                max_length=2000,
                initial=row.note,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            "evidence": forms.FileField(
                label=_("Add evidence (PDF, image or office document)"),
                required=False,
                validators=[check_evidence],
            ),
        }
