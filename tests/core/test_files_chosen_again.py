"""A form that comes back with an error says to choose its file again: browsers empty a file
input, and a person would otherwise think the file was kept."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.forms import UploadForm

AGAIN = "Choose the file again: it is not kept while the form has an error."


def test_a_file_chosen_on_a_form_that_failed_elsewhere_is_asked_for_again():
    with translation.override("en"):
        failed = UploadForm(
            {"encoding": "klingon"}, {"file": SimpleUploadedFile("docentes.csv", b"a,b\n")}
        )
        assert not failed.is_valid()
        assert failed.errors["file"] == [AGAIN] and "encoding" in failed.errors
        passed = UploadForm({}, {"file": SimpleUploadedFile("docentes.csv", b"a,b\n")})
        assert passed.is_valid()
        unchosen = UploadForm({"encoding": "klingon"}, {})
        assert unchosen.errors["file"] != [AGAIN]  # nothing chosen: the usual "required"
