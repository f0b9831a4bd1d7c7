"""A member of institution A cannot list, see, edit, choose or export B's records."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Institution, Membership, PraxisImage, Role
from tests import factories

pytestmark = pytest.mark.django_db

# A 1x1 transparent GIF: the smallest valid image Wagtail will accept.
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def test_admin_lists_and_exports_only_their_institution(client, two_institutions):
    _a, _b, admin_a, _member_b = two_institutions
    client.force_login(admin_a)

    listing = client.get(reverse("institutions:index"))
    assert listing.status_code == 200
    assert "Universidad Alfa" in listing.text and "Colegio Beta" not in listing.text

    export = client.get(reverse("institutions:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode()
    assert "Universidad Alfa" in body and "Colegio Beta" not in body


@pytest.mark.parametrize("view", ["edit", "delete", "inspect", "history", "usage"])
def test_another_institution_is_not_found(client, two_institutions, view):
    a, b, admin_a, _member_b = two_institutions
    client.force_login(admin_a)
    assert client.get(reverse(f"institutions:{view}", args=[b.pk])).status_code == 404
    assert client.get(reverse(f"institutions:{view}", args=[a.pk])).status_code in {200, 302}


def test_posting_to_another_institution_changes_nothing(client, two_institutions):
    _a, b, admin_a, _member_b = two_institutions
    client.force_login(admin_a)
    response = client.post(reverse("institutions:edit", args=[b.pk]), {"name": "Tomada"})
    assert response.status_code == 404
    b.refresh_from_db()
    assert b.name == "Colegio Beta"


def test_admin_cannot_grant_themselves_oversight(client, two_institutions):
    a, _b, admin_a, _member_b = two_institutions
    client.force_login(admin_a)
    form = client.get(reverse("institutions:edit", args=[a.pk]))
    assert 'name="oversight_region"' not in form.text
    assert 'name="name"' in form.text


def test_memberships_of_another_institution_are_invisible(client, two_institutions):
    _a, _b, admin_a, member_b = two_institutions
    client.force_login(admin_a)
    listing = client.get(reverse("memberships:index"))
    assert member_b.email not in listing.text
    export = client.get(reverse("memberships:index") + "?export=csv")
    assert member_b.email not in b"".join(export.streaming_content).decode()
    theirs = Membership.objects.get(user=member_b)
    assert client.get(reverse("memberships:edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("memberships:delete", args=[theirs.pk])).status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


def test_cannot_choose_another_institution_for_a_membership(client, two_institutions):
    _a, b, admin_a, _member_b = two_institutions
    client.force_login(admin_a)
    form = client.get(reverse("memberships:add"))
    assert "Universidad Alfa" in form.text and "Colegio Beta" not in form.text

    response = client.post(
        reverse("memberships:add"),
        {"email": "intruso@example.org", "institution": b.pk, "role": Role.COURSE_AUTHOR},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not Membership.objects.filter(institution=b, user__email="intruso@example.org")


def test_adding_a_member_by_email_invites_a_new_person(
    client, two_institutions, mailoutbox, django_capture_on_commit_callbacks
):
    a, _b, admin_a, _member_b = two_institutions
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("memberships:add"),
            {"email": "Nueva.Docente@Example.org", "institution": a.pk, "role": Role.FACULTY},
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nueva.docente@example.org")
    assert membership.institution == a and not membership.user.has_usable_password()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nueva.docente@example.org"]
    assert "Universidad Alfa" in mailoutbox[0].subject
    assert "/accounts/reset/" in mailoutbox[0].body


def test_a_duplicate_membership_is_refused_with_a_clear_error(client, two_institutions):
    a, _b, admin_a, _member_b = two_institutions
    author = factories.member(a, Role.COURSE_AUTHOR)
    client.force_login(admin_a)
    response = client.post(
        reverse("memberships:add"),
        {"email": author.email, "institution": a.pk, "role": Role.COURSE_AUTHOR},
    )
    assert response.status_code == 200
    assert "ya tiene este rol en esta institución" in response.text  # Spanish is the default
    assert Membership.objects.filter(user=author).count() == 1


def test_image_chooser_offers_only_the_institutions_own_images(client, two_institutions):
    a, b, _admin_a, _member_b = two_institutions
    author_a = factories.member(a, Role.COURSE_AUTHOR)
    for institution, title in ((a, "Foto Alfa"), (b, "Foto Beta")):
        PraxisImage.objects.create(
            title=title,
            file=SimpleUploadedFile(f"{title}.gif", GIF, content_type="image/gif"),
            collection=institution.collection,
        )
    client.force_login(author_a)
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert "Foto Alfa" in chooser.text and "Foto Beta" not in chooser.text


def test_author_cannot_edit_another_institutions_pages(client, two_institutions):
    a, b, _admin_a, _member_b = two_institutions
    author_a = factories.member(a, Role.COURSE_AUTHOR)
    client.force_login(author_a)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[a.root_page_id])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[b.root_page_id])).status_code != 200


def test_members_without_admin_role_see_no_institution_records(client, two_institutions):
    a, _b, _admin_a, _member_b = two_institutions
    author_a = factories.member(a, Role.COURSE_AUTHOR)
    client.force_login(author_a)
    assert client.get(reverse("institutions:index")).status_code in {302, 403}
    assert client.get(reverse("institutions:edit", args=[a.pk])).status_code in {302, 403, 404}
    assert Institution.objects.administered_by(author_a).count() == 0


def object_view_names(viewset):
    """The viewset's attributes naming a view of one record (one with `get_object`), including
    any a later Wagtail adds."""
    for name in dir(viewset):
        view_class = getattr(viewset, name, None) if name.endswith("_view_class") else None
        if hasattr(view_class, "get_object"):
            yield name


def test_every_view_of_a_scoped_models_viewset_is_declared_scoped():
    """Edit, delete, history, usage, inspect, and for snippets revisions, previews, locking
    and workflow actions: every view that a viewset of a model with a scoped policy serves for
    one record, its listing and its chooser are scoped views (core.scoped_views)."""
    from django.apps import apps
    from wagtail.admin.viewsets import viewsets as admin_viewsets
    from wagtail.permissions import policy_registry
    from wagtail.snippets.views.chooser import SnippetChooserViewSet

    from core.permissions import (
        ScopedChooseMixin,
        ScopedIndexMixin,
        ScopedObjectMixin,
        ScopedPermissionPolicy,
    )

    def policy_of(viewset):
        model = getattr(viewset, "model", None)
        model = apps.get_model(model) if isinstance(model, str) else model
        try:
            return policy_registry.get_by_type(model) if model else None
        except KeyError:
            return None

    reverse("wagtailadmin_home")  # the admin's URLs register its viewsets
    scoped_viewsets = [
        viewset
        for viewset in admin_viewsets.viewsets
        if isinstance(policy_of(viewset), ScopedPermissionPolicy)
    ]
    assert len(scoped_viewsets) >= 20
    unscoped = []
    for viewset in scoped_viewsets:
        name = type(viewset).__name__
        if isinstance(viewset, SnippetChooserViewSet):
            if not issubclass(viewset.choose_view_class, ScopedChooseMixin):
                unscoped.append(f"{name}.choose_view_class")
            continue
        if not issubclass(viewset.index_view_class, ScopedIndexMixin):
            unscoped.append(f"{name}.index_view_class")
        unscoped += [
            f"{name}.{view}"
            for view in object_view_names(viewset)
            if not issubclass(getattr(viewset, view), ScopedObjectMixin)
        ]
    assert unscoped == []


def test_a_page_body_takes_only_images_and_pages_the_author_may_choose(client, two_institutions):
    """StreamField blocks have no form field to narrow: their newly chosen images and pages
    are checked when the page is saved."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    a, b, _admin_a, _member_b = two_institutions
    author = factories.member(a, Role.COURSE_AUTHOR)
    images = {}
    for institution, title in ((a, "Foto Alfa"), (b, "Foto Beta")):
        images[title] = PraxisImage.objects.create(
            title=title,
            file=SimpleUploadedFile(f"{title}.gif", GIF, content_type="image/gif"),
            collection=institution.collection,
        )
    page = a.root_page.specific
    client.force_login(author)

    def save(image):
        body = streamfield([("image", {"image": image.pk, "decorative": "", "alt_text": "Foto"})])
        data = nested_form_data({"title": page.title, "slug": page.slug, "intro": "", "body": body})
        return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    refused = save(images["Foto Beta"])
    assert refused.status_code == 200
    assert refused.context["form"].has_error("body", code="not_choosable")
    assert save(images["Foto Alfa"]).status_code == 302
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert [block.value.pk for block in draft.body] == [images["Foto Alfa"].pk]
