# Cases for python.yml: `semgrep --test semgrep/` fails unless exactly the lines marked
# "ruleid" are found. Not imported by Praxis.
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.csrf import csrf_exempt


def highlighted(text):
    # ruleid: mark-safe-on-computed-value
    unsafe = mark_safe(f"<mark>{text}</mark>")
    # ruleid: mark-safe-on-computed-value
    also_unsafe = SafeString(text)
    # ok: mark-safe-on-computed-value
    literal = mark_safe("<br>")
    # ok: mark-safe-on-computed-value
    escaped = format_html("<mark>{}</mark>", text)
    return unsafe, also_unsafe, literal, escaped


# ruleid: csrf-exempt
@csrf_exempt
def webhook(request):
    return None


class OfferingForm:
    class Meta:
        # ruleid: model-form-with-all-fields
        fields = "__all__"


class PlacementForm:
    class Meta:
        # ok: model-form-with-all-fields
        fields = ["hours", "note"]


def placement_detail(request, pk):
    # ruleid: object-by-id-without-scope
    placement = get_object_or_404(Placement, pk=pk)
    # ruleid: object-by-id-without-scope
    placement = get_object_or_404(Placement.objects.all(), pk=pk)
    # ruleid: object-by-id-without-scope
    placement = Placement.objects.get(pk=pk)
    # ruleid: object-by-id-without-scope
    placement = Placement.objects.filter(id=request.GET["id"]).first()
    # ok: object-by-id-without-scope
    placement = get_object_or_404(request.user.trainee.placements, pk=pk)
    # ok: object-by-id-without-scope
    placement = get_object_or_404(policy.scope(request.user), pk=pk)
    # ok: object-by-id-without-scope
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    # ok: object-by-id-without-scope
    base = PracticeBase.objects.get(pk=placement.base_id)
    return placement, base


def download(response, name):
    # ruleid: content-disposition-by-hand
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # ok: content-disposition-by-hand
    response["Content-Disposition"] = content_disposition_header(True, name)


def institution_panels():
    from wagtail.admin import panels
    from wagtail.admin.panels import FieldPanel, MultiFieldPanel

    from core import panels as praxis_panels

    return [
        # ruleid: group-panel-permission
        MultiFieldPanel([FieldPanel("active")], heading="Status", permission="superuser"),
        # ruleid: group-panel-permission
        panels.ObjectList([FieldPanel("active")], permission="superuser"),
        # ok: group-panel-permission
        praxis_panels.MultiFieldPanel([FieldPanel("active")], permission="superuser"),
        # ok: group-panel-permission
        FieldPanel("slug", permission="superuser"),
        # ok: group-panel-permission
        MultiFieldPanel([FieldPanel("name")], heading="Identity"),
    ]
