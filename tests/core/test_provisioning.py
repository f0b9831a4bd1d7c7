import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    WorkflowPage,
)

from core.models import HomePage, Institution, InstitutionGroup, InstitutionPage, Role
from core.permissions import MODEL_PERMISSIONS
from core.services import SetupError, create_institution, provision_institution
from core.signals import role_permissions_after_migrate
from tests import factories

pytestmark = pytest.mark.django_db


def test_provisioning_gives_an_institution_everything_it_needs(home):
    institution = factories.institution(name="Universidad del Suroeste")

    page = institution.root_page.specific
    assert isinstance(page, InstitutionPage) and page.get_parent().pk == home.pk and page.live
    # The subtree exists in every language, as aliases until translated.
    assert page.get_translations(inclusive=True).count() == Locale.objects.count() == 3
    assert institution.collection.name == "Universidad del Suroeste"

    groups = {link.role: link.group for link in institution.role_groups.all()}
    assert set(groups) == set(Role.values)
    assert groups[Role.INSTITUTION_ADMIN].permissions.filter(codename="change_institution").exists()
    faculty = set(groups[Role.FACULTY].permissions.values_list("codename", flat=True))
    assert "record_results_courseoffering" in faculty and "change_courseoffering" not in faculty
    for root in Page.objects.filter(translation_key=page.translation_key):
        assert GroupPagePermission.objects.filter(
            group=groups[Role.REVIEWER], page=root, permission__codename="publish_page"
        ).exists()
        assert not GroupPagePermission.objects.filter(
            group=groups[Role.COURSE_AUTHOR], page=root, permission__codename="publish_page"
        ).exists()
        assert WorkflowPage.objects.get(page=root).workflow == institution.workflow
    assert GroupCollectionPermission.objects.filter(
        group=groups[Role.COURSE_AUTHOR],
        collection=institution.collection,
        permission__codename="choose_image",
    ).exists()

    review = institution.workflow.tasks.get().specific
    assert set(review.groups.all()) == {groups[Role.REVIEWER], groups[Role.INSTITUTION_ADMIN]}


def provisioned_counts():
    models = (Page, Collection, Group, GroupPagePermission, GroupCollectionPermission, WorkflowPage)
    return [model.objects.count() for model in models]


def test_provisioning_again_creates_nothing(home):
    institution = factories.institution()
    counts = provisioned_counts()
    provision_institution(institution)
    assert provisioned_counts() == counts


def test_without_a_home_page_nothing_is_created_and_the_error_says_what_to_do(db):
    HomePage.objects.all().delete()
    region = factories.region()
    groups, collections = Group.objects.count(), Collection.objects.count()
    with pytest.raises(SetupError, match="load_demo"):
        create_institution(name="Nueva", slug="nueva", kind="college", region=region)
    assert not Institution.objects.exists()
    assert (Group.objects.count(), Collection.objects.count()) == (groups, collections)


def test_page_permissions_follow_role_and_stay_inside_the_subtree(home):
    a, b = factories.institution(), factories.institution()
    author = factories.member(a, Role.COURSE_AUTHOR)
    reviewer = factories.member(a, Role.REVIEWER)
    page_a, page_b = a.root_page.specific, b.root_page.specific

    assert page_a.permissions_for_user(author).can_edit()
    assert not page_a.permissions_for_user(author).can_publish()
    assert page_a.permissions_for_user(reviewer).can_publish()
    assert not page_b.permissions_for_user(author).can_edit()
    assert not page_b.permissions_for_user(reviewer).can_publish()


def test_groups_follow_memberships_as_they_change(home):
    institution = factories.institution()
    person = factories.member(institution, Role.COURSE_AUTHOR)
    group_of = {link.role: link.group for link in InstitutionGroup.objects.all()}
    assert list(person.groups.all()) == [group_of[Role.COURSE_AUTHOR]]

    membership = person.memberships.get()
    membership.role = Role.REVIEWER
    membership.save()
    assert list(person.groups.all()) == [group_of[Role.REVIEWER]]

    membership.delete()
    assert not person.groups.exists()
    assert not person.has_perm("wagtailadmin.access_admin")


def test_after_migrations_every_role_group_has_exactly_its_roles_permissions(home):
    institution = factories.institution()
    reviewers = institution.role_groups.get(role=Role.REVIEWER).group
    reviewers.permissions.clear()
    reviewers.permissions.add(Permission.objects.get(codename="delete_institution"))

    role_permissions_after_migrate(using="default")

    granted = {f"{p.content_type.app_label}.{p.codename}" for p in reviewers.permissions.all()}
    assert granted == set(MODEL_PERMISSIONS[Role.REVIEWER])
