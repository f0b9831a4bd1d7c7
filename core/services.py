"""Operations that change several models at once, each inside one transaction."""

from collections.abc import Iterable
from typing import Any, Protocol, TypedDict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from core import audit, privacy
from core.languages import in_reader_language
from core.models import HomePage, Institution, InstitutionGroup, InstitutionPage, Membership, Role
from core.models.users import PraxisUserManager, User
from core.permissions import COLLECTION_PERMISSIONS, MODEL_PERMISSIONS, PAGE_PERMISSIONS


class SetupError(Exception):
    """Something a person must fix before the operation can go ahead; the message says what."""


class PersonRecord(Protocol):
    """A record about a person (a trainee, a teacher), who may have an account."""

    @property
    def pk(self) -> Any: ...
    @property
    def user_id(self) -> int | None: ...
    @property
    def user(self) -> User | None: ...


class SiteAddress(TypedDict):
    """Where an e-mail's links point."""

    protocol: str
    domain: str


class AccountLinkContext(SiteAddress):
    """What an e-mail needs to link to the 'choose a password' page."""

    uid: str
    token: str


def _permissions(names: Iterable[str]) -> list[Permission]:
    """Permission objects for 'app_label.codename' names; an unknown name is a programming error."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    found: dict[tuple[str, ...], Permission] = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.filter(
            codename__in=[codename for _app, codename in wanted]
        ).select_related("content_type")
    }
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return [found[key] for key in wanted]


def default_home_page() -> HomePage:
    """The learning site's home page in the default language."""
    home = (
        HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("path")
        .first()
    )
    if home is None:
        raise SetupError(
            _("There is no home page yet. Run `manage.py load_demo` or create a home page first.")
        )
    return home


def alias_in_every_locale(page: Page) -> None:
    """Give a new page an alias in every other language, as Wagtail's page-tree sync does."""
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if not page.has_translation(locale):
            page.copy_for_translation(locale, copy_parents=True, alias=True)


@transaction.atomic
def provision_institution(institution: Institution) -> Institution:
    """Give an institution what it needs to work, creating only what is missing.

    Its page subtree (in every language), its media collection, one Wagtail group per role with
    that role's page, collection and model permissions, and a moderation workflow in which
    authors submit and reviewers approve. Safe to run again.
    """
    with translation.override(settings.LANGUAGE_CODE):
        if institution.root_page is None:
            page = InstitutionPage(title=institution.name, slug=institution.slug)
            default_home_page().add_child(instance=page)
            page.save_revision().publish()
            institution.root_page = page
        alias_in_every_locale(institution.root_page)

        if institution.collection is None:
            institution.collection = Collection.get_first_root_node().add_child(
                name=institution.name
            )

        links = {
            link.role: link
            for link in InstitutionGroup.objects.filter(institution=institution).select_related(
                "group"
            )
        }
        groups: dict[Role, Group] = {}
        for role in Role:
            link = links.get(role)
            if link is None:
                group, _created = Group.objects.get_or_create(
                    name=f"{institution.slug} · {role.value}"
                )
                link = InstitutionGroup.objects.create(
                    institution=institution, role=role, group=group
                )
            groups[role] = link.group

        subtree_roots = list(
            Page.objects.filter(translation_key=institution.root_page.translation_key)
        )
        _grant_role_permissions(groups, subtree_roots, institution.collection)
        keep_collection_private(institution.collection, groups.values())

        if institution.workflow is None:
            review = GroupApprovalTask.objects.create(
                name=_("Review by %(institution)s") % {"institution": institution.name}
            )
            review.groups.set([groups[Role.REVIEWER], groups[Role.INSTITUTION_ADMIN]])
            institution.workflow = Workflow.objects.create(
                name=_("Course review — %(institution)s") % {"institution": institution.name}
            )
            WorkflowTask.objects.create(workflow=institution.workflow, task=review, sort_order=0)
        for root in subtree_roots:
            WorkflowPage.objects.update_or_create(
                page=root, defaults={"workflow": institution.workflow}
            )

        institution.save(update_fields=["root_page", "collection", "workflow"])
    return institution


def _grant_role_permissions(
    groups: dict[Role, Group], subtree_roots: list[Page], collection: Collection
) -> None:
    """Each role's model permissions, and its page and collection permissions on the
    institution's subtree (in every language) and collection, adding only the missing grants:
    provisioning runs for every new institution and again after upgrades, so it asks the
    database a fixed number of times however many roles and languages there are."""
    page_names = {
        role: [f"wagtailcore.{codename}" for codename in PAGE_PERMISSIONS.get(role, [])]
        for role in groups
    }
    collection_names = {role: COLLECTION_PERMISSIONS.get(role, []) for role in groups}
    every_name = {
        name
        for role in groups
        for name in (*MODEL_PERMISSIONS[role], *page_names[role], *collection_names[role])
    }
    by_name = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in _permissions(every_name)
    }
    page_grants = GroupPagePermission.objects.filter(group__in=groups.values())
    held_on_pages = set(page_grants.values_list("group_id", "page_id", "permission_id"))
    collection_grants = GroupCollectionPermission.objects.filter(group__in=groups.values())
    held_on_collections = set(
        collection_grants.values_list("group_id", "collection_id", "permission_id")
    )
    new_page_grants, new_collection_grants = [], []
    for role, group in groups.items():
        group.permissions.set([by_name[name] for name in MODEL_PERMISSIONS[role]])
        for root in subtree_roots:
            for name in page_names[role]:
                permission = by_name[name]
                if (group.pk, root.pk, permission.pk) not in held_on_pages:
                    new_page_grants.append(
                        GroupPagePermission(group=group, page=root, permission=permission)
                    )
        for name in collection_names[role]:
            permission = by_name[name]
            if (group.pk, collection.pk, permission.pk) not in held_on_collections:
                new_collection_grants.append(
                    GroupCollectionPermission(
                        group=group, collection=collection, permission=permission
                    )
                )
    GroupPagePermission.objects.bulk_create(new_page_grants)
    GroupCollectionPermission.objects.bulk_create(new_collection_grants)


def keep_collection_private(collection: Collection, groups: Iterable[Group]) -> None:
    """The institution's documents and images are for its own people: a view restriction lets
    its groups (and platform administrators) open them; an open-licence material's file is
    offered to everyone by a view of its own (curriculum.views.open_material)."""
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.GROUPS}
    )
    restriction.groups.set(groups)


@transaction.atomic
def sync_role_permissions() -> None:
    """Give every institution group exactly its role's model permissions, as roles evolve."""
    by_role: dict[str, list[Permission]] = {
        role: _permissions(MODEL_PERMISSIONS[role]) for role in Role
    }
    for link in InstitutionGroup.objects.select_related("group"):
        link.group.permissions.set(by_role[link.role])


@transaction.atomic
def create_institution(**fields: Any) -> Institution:
    """Create and provision an institution in one step: all of it, or nothing."""
    institution = Institution.objects.create(**fields)
    return provision_institution(institution)


def sync_user_groups(user: User) -> None:
    """Make the user's institution groups match their memberships, adding and removing."""
    held = set(
        InstitutionGroup.objects.filter(
            Exists(
                Membership.objects.filter(
                    user=user, institution=OuterRef("institution"), role=OuterRef("role")
                )
            )
        ).values_list("group_id", flat=True)
    )
    current = set(user.groups.filter(institution_role__isnull=False).values_list("pk", flat=True))
    if current - held:
        user.groups.remove(*(current - held))
    if held - current:
        user.groups.add(*(held - current))


def account_for(email: str, **names: str) -> tuple[User, bool]:
    """The account of this e-mail address and whether it is new: someone without one gets an
    account with no password (they choose it from the link e-mailed to them) and `names`."""
    email = PraxisUserManager.normalize_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    try:
        with transaction.atomic():  # someone may be making the same account this moment
            # No password given: an unusable one, until the person chooses theirs.
            return User.objects.create_user(email=email, password=None, **names), True
    except IntegrityError:
        return User.objects.get(email__iexact=email), False


@transaction.atomic
def add_member(
    institution: Institution, email: str, role: str, *, base_url: str | None = None
) -> Membership:
    """Give the person with this e-mail a role at the institution, inviting them if they are new.

    A new person gets an account without a password and an e-mail with a link to choose one.
    """
    user, invited = account_for(email)
    membership, _created = Membership.objects.get_or_create(
        user=user, institution=institution, role=role
    )
    if invited:
        send_invitation(user, institution, role, base_url=base_url)
    return membership


def site_address(base_url: str | None = None) -> SiteAddress:
    """Where an e-mail's links point: the protocol and domain of the site."""
    protocol, _sep, domain = (base_url or settings.WAGTAILADMIN_BASE_URL).partition("://")
    return {"protocol": protocol, "domain": domain.rstrip("/")}


def account_link_context(user: User, base_url: str | None = None) -> AccountLinkContext:
    """What an e-mail needs to link to the 'choose a password' page; no personal data."""
    return {
        **site_address(base_url),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def send_invitation(
    user: User, institution: Institution, role: str, *, base_url: str | None = None
) -> None:
    from core.tasks import send_account_email

    language = preferred_language(user.pk, translation.get_language())
    context = {
        **account_link_context(user, base_url),
        "institution": in_reader_language(institution, language=language),
        "role": str(Role(role).label),
    }
    transaction.on_commit(
        lambda: send_account_email.enqueue(user.pk, "account/email/invitation", context, language)
    )


def erases_everywhere(record: PersonRecord, by: User | AnonymousUser) -> bool:
    """A platform administrator's erasure goes everywhere, and so does one of a practitioner
    without an account (their record is all there is); an institution's, to its own records."""
    return by.is_superuser or not record.user_id


def may_erase_at_institutions(record: PersonRecord, by: User | AnonymousUser) -> bool:
    """An institution's administrator removes a person from its records unless the person
    holds a role there that the administrator may not withdraw (a fellow administrator)."""
    held = Membership.objects.for_user(by).filter(user=record.user_id)
    return not held.exclude(pk__in=Membership.objects.granted_by(by)).exists()


def erase_person(record: PersonRecord, *, by: User | AnonymousUser) -> int:
    """Erase the personal data of the person a record is about (a trainee, a teacher).

    A platform administrator erases it everywhere Praxis keeps it, account included (the
    person does the same from "My data"). An institution's administrator removes the person
    from the records of the institutions they administer only (core.privacy.erase_at): the
    account, the person's own profile and other institutions' records are not theirs. A
    practitioner without an account is erased in their record. Logged, naming no one, on the
    record or on the institutions; safe to run again; returns how many rows changed."""
    assert isinstance(record, Model)  # a trainee's or a teacher's row
    user = record.user
    with transaction.atomic():
        if user is None or erases_everywhere(record, by):
            changed = privacy.erase(user) if user is not None else privacy.erase_record(record)
            # The entry takes the record's title as it is now, erased: never the name it had.
            record.refresh_from_db()
            audit.record(record, audit.ERASURE, by, rows=changed)
            return changed
        if not may_erase_at_institutions(record, by):
            raise PermissionDenied
        institutions = list(Institution.objects.administered_by(by))
        changed = privacy.erase_at(user, institutions)
        for institution in institutions:
            audit.record(institution, audit.ERASURE, by, rows=changed)
    return changed


def preferred_language(user_id: int | None, fallback: str | None = None) -> str:
    """The language a person reads their e-mails in: the one they chose (their Wagtail profile's,
    first set to the language they signed up in), else `fallback`, else the site's."""
    chosen = (
        UserProfile.objects.filter(user_id=user_id)
        .values_list("preferred_language", flat=True)
        .first()
        if user_id is not None
        else None
    )
    return chosen or fallback or settings.LANGUAGE_CODE


def remember_language(user: User, language: str | None = None) -> None:
    """Keep the language a person signed up in as their preferred one, for what is sent later."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language or translation.get_language() or settings.LANGUAGE_CODE
    profile.save(update_fields=["preferred_language"])
