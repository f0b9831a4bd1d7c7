"""Who may do what: each role's permissions, and the policy that scopes institution records.

Wagtail's page and collection permissions scope pages and media by subtree and collection; the
institution-owned plain models are scoped here, by queryset, so that another institution's
record is simply not there (404) rather than forbidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.forms.models import WagtailAdminModelFormMetaclass
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from core import audit, privacy
from core.models import Institution, Role, Term, User
from core.models.terms import TermQuerySet

if TYPE_CHECKING:  # the Wagtail views and forms the mixins go before
    from django_filters import FilterSet
    from wagtail.admin.forms import WagtailAdminModelForm as _AdminForm
    from wagtail.admin.views.generic import IndexView as _IndexView
    from wagtail.admin.views.generic.base import BaseObjectMixin as _ObjectView
    from wagtail.admin.views.generic.chooser import BaseChooseView as _ChooseView
    from wagtail.admin.views.generic.chooser import ChosenViewMixin as _ChosenView
    from wagtail.query import PageQuerySet
else:
    _IndexView = _ChooseView = _ChosenView = _ObjectView = _AdminForm = object

PAGE_PERMISSIONS = {
    Role.INSTITUTION_ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.REVIEWER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.COURSE_AUTHOR: ["add_page", "change_page"],
}

# Wagtail checks image and document permissions against its own base models, custom models too.
_MEDIA_EDIT = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
COLLECTION_PERMISSIONS = {
    Role.INSTITUTION_ADMIN: [
        *_MEDIA_EDIT,
        "wagtailimages.delete_image",
        "wagtaildocs.delete_document",
    ],
    Role.REVIEWER: _MEDIA_EDIT,
    Role.COURSE_AUTHOR: _MEDIA_EDIT,
}

# Each role's model permissions ("app_label.codename"), as each app declares them for its own
# models in its roles.py (core knows no app above it; core.apps reads them at start-up).
MODEL_PERMISSIONS: dict[Role, list[str]] = {role: [] for role in Role}
# The project's models no role holds a permission on, by label, and why (pages and media have
# Wagtail's own permissions, inline records are edited with their parent, and so on): the
# completeness test asks every model to be granted or named here.
NOT_GRANTED: dict[str, str] = {}


def grant(roles: Iterable[Role], permissions: Iterable[str]) -> None:
    """Give each of `roles` these model permissions at the institutions where it is held."""
    permissions = list(permissions)
    for role in roles:
        held = MODEL_PERMISSIONS[role]
        held.extend(p for p in permissions if p not in held)


def grant_none(labels: Iterable[str], reason: str) -> None:
    """Declare models (`app_label.ModelName`) that no role holds a permission on, and why."""
    for label in labels:
        NOT_GRANTED[label] = reason


def crud(label: str, actions: Iterable[str] = ("add", "change", "delete", "view")) -> list[str]:
    """The model permissions of `label` ("app_label.ModelName") for these actions."""
    app_label, model = label.lower().split(".")
    return [f"{app_label}.{action}_{model}" for action in actions]


# What a scoped model's records a user may reach (a queryset method such as `for_user`).
type Scope[M: Model] = Callable[[User | AnonymousUser], QuerySet[M]]


def signed_in(request: HttpRequest) -> User:
    """The person signed in, where only they arrive: Wagtail's admin and the views behind
    `login_required` never serve an anonymous visitor (and if one ever did, it is refused)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


class ScopedPermissionPolicy[M: Model](ModelPermissionPolicy):
    """Model permissions, narrowed to the instances a scope function lets the user reach; no
    one deletes an archived record (core.privacy.archive).

    `action_scopes` narrows some actions further: someone who administers institution B and
    teaches at A may change B's records only, though their groups grant "change" somewhere.
    """

    model: type[M]

    def __init__(
        self,
        model: type[M],
        scope: Scope[M],
        action_scopes: Mapping[str, Scope[M]] | None = None,
    ) -> None:
        super().__init__(model)
        self.scope = scope
        self.action_scopes = action_scopes or {}

    def user_has_permission(self, user: User | AnonymousUser, action: str) -> bool:
        if action == "delete" and self.model._meta.label in privacy.ARCHIVED:
            return False
        return super().user_has_permission(user, action)

    def _scope_for(self, user: User | AnonymousUser, actions: Iterable[str]) -> QuerySet[M]:
        scopes = {self.action_scopes.get(action, self.scope) for action in actions}
        queryset = self.model._default_manager.none()
        for scope in scopes:
            queryset = queryset | scope(user)
        return queryset

    def instances_user_has_any_permission_for(
        self, user: User | AnonymousUser, actions: Iterable[str]
    ) -> QuerySet[M]:
        actions = [a for a in actions if self.user_has_permission(user, a)]
        if not actions:
            return self.model._default_manager.none()
        return self._scope_for(user, actions)

    def user_has_any_permission_for_instance(
        self, user: User | AnonymousUser, actions: Iterable[str], instance: M
    ) -> bool:
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def user_has_permission_for_instance(
        self, user: User | AnonymousUser, action: str, instance: M
    ) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)


class ScopedIndexMixin(_IndexView):
    """For Wagtail's generic listing: only the records in the user's scope, in list, export
    and filters — a filter never offers another institution's records, nor their names.

    With `export_logged_via` (set by the viewset: the lookup from a record to its institution),
    the listing holds personal data and each export is logged on those institutions.
    """

    export_logged_via: str | None = None
    permission_policy: ScopedPermissionPolicy[Model]

    def get_base_queryset(self) -> QuerySet[Model]:
        return self.permission_policy.scope(self.request.user)

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **response_kwargs)
        if self.is_export and self.export_logged_via:
            filename = f"{self.get_filename()}.{self.request.GET['export']}"
            audit.record_export(
                self.request, context["object_list"], self.export_logged_via, filename
            )
        return response

    @cached_property
    def filters(self) -> FilterSet | None:
        filters = super().filters
        user = self.request.user
        for field in filters.form.fields.values() if filters is not None else ():
            model = getattr(getattr(field, "queryset", None), "model", None)
            policy = policy_registry.get_by_type(model) if model is not None else None
            if model is Institution:
                field.queryset = Institution.objects.with_role(user, Role.values)
            elif isinstance(policy, ScopedPermissionPolicy):
                field.queryset = policy.scope(user)
        return filters


class ScopedObjectMixin(_ObjectView):
    """For Wagtail's generic single-object views: a record outside the user's scope is a 404."""

    def get_object(self, *args: Any, **kwargs: Any) -> Model | None:
        obj = super().get_object(*args, **kwargs)
        if obj is None or obj.pk is None:  # no record yet: a new one's form, its preview
            return obj
        # Workflow views have no policy of their own: the model's registered one.
        policy = getattr(self, "permission_policy", None) or policy_registry.get_by_type(type(obj))
        user = self.request.user
        action = getattr(self, "permission_required", None)
        # Without the permission anywhere, Wagtail's own check refuses the view; with it, the
        # record must be one the action reaches (an institution the user administers, say).
        allowed = (
            policy.instances_user_has_any_permission_for(user, [action])
            if action and policy.user_has_permission(user, action)
            else policy.scope(user)
        )
        if not allowed.filter(pk=obj.pk).exists():
            raise Http404
        return obj


def _scope(view: ScopedChooseMixin | ScopedChosenMixin) -> QuerySet[Model]:
    return policy_registry.get_by_type(view.model_class).scope(view.request.user)


class ScopedChooseMixin(_ChooseView):
    """For Wagtail's chooser listings: only the records in the user's scope."""

    def get_object_list(self) -> QuerySet[Model]:
        return _scope(self)


class ScopedChosenMixin(_ChosenView):
    """For Wagtail's 'chosen' step: a record outside the user's scope does not exist."""

    def get_object(self, pk: object) -> Model:
        return _scope(self).get(pk=pk)


class ScopedAdminFormMetaclass(WagtailAdminModelFormMetaclass):
    """Inline forms keep to the user's choices too (ScopedChoicesMixin), and are told their
    user."""

    @classmethod
    def child_form(cls) -> type[ScopedAdminModelForm]:
        return ScopedAdminModelForm

    def __new__(
        mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]
    ) -> ScopedAdminFormMetaclass:
        form_class = super().__new__(mcs, name, bases, attrs)
        for formset_class in getattr(form_class, "formsets", {}).values():
            formset_class.inherit_kwargs = ["for_user"]
            child = formset_class.form
            if not issubclass(child, ScopedChoicesMixin):  # Wagtail built it (deferred fields)
                formset_class.form = type(child)(child.__name__, (ScopedChoicesMixin, child), {})
        return form_class


def choosable_pages(user: User | AnonymousUser, pages: PageQuerySet) -> PageQuerySet:
    """The pages one may pick (in a form or the page chooser): live pages, and the drafts of
    pages they may edit; never another institution's draft."""
    editable = policy_registry.get_by_type(Page).instances_user_has_permission_for(user, "change")
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


def explorable_pages(user: User | AnonymousUser, pages: PageQuerySet) -> PageQuerySet:
    """The pages the explorer may open and list for a user: those within the pages the user
    holds a page permission on, and those on the way to them from the root. Each institution's
    root in three languages makes the tree's root everyone's explorable root for Wagtail, so
    without this a user could open another institution's subtree, drafts included."""
    if user.is_superuser:
        return pages
    step = Page.steplen
    granted = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    reach = Q(pk__in=[])
    for path in set(granted):
        ancestors = [path[:end] for end in range(step, len(path), step)]
        reach |= Q(path__startswith=path) | Q(path__in=ancestors)
    return pages.filter(reach)


def shown_choice(choices: QuerySet[Model], value: object) -> Model | None:
    """What a chooser shows for `value`: the record it holds now, or an id the user typed or
    posted only if it is among their choices; a refused choice is not named back to them."""
    if value is None or isinstance(value, Model):
        return value
    try:
        return choices.filter(pk=value).first()
    except (ValueError, TypeError, ValidationError):
        return None


class ScopedChoicesMixin(_AdminForm):
    """An editor form, and its inline forms, that offer no institution where the user holds
    no role, no image or document the user may not choose, and no page that is neither live
    nor one they may edit (another institution's draft) — in its fields, and in the blocks
    and rich text of its StreamFields. A form narrows its other choices (trainees, members,
    courses) to what its user may pick, as its rules say; a parent form may narrow its inline
    forms' choices by what only it knows (`parent_choices`: field name to queryset)."""

    def __init__(
        self, *args: Any, parent_choices: Mapping[str, QuerySet[Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (parent_choices or {}).items():
            cast("forms.ModelChoiceField[Any]", self.fields[name]).queryset = choices
        if self.for_user is None:
            return
        for name, field in self.fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is not None:
                field.queryset = self.narrowed(field.queryset, model)
                if isinstance(field.widget, BaseChooser):
                    field.widget.get_instance = partial(shown_choice, field.queryset)
            if model is Term:
                offer_terms(field, has_value=self.has_value(name))

    def clean(self) -> dict[str, Any]:
        """Images, documents and pages newly chosen in a StreamField or rich text (where no
        form field narrows the choice) must be ones the user may choose."""
        cleaned = super().clean()
        if self.for_user is None:
            return cleaned
        fields = {f.name: f for f in self._meta.model._meta.concrete_fields}
        for name, value in list(cleaned.items()):
            field = fields.get(name)
            if value is None or field is None or not hasattr(field, "extract_references"):
                continue
            before = getattr(self.instance, name, None)
            kept = set(field.extract_references(before)) if self.instance.pk and before else set()
            for model, pk, _path, _content in set(field.extract_references(value)) - kept:
                if issubclass(model, AbstractImage | AbstractDocument | Page):
                    choices = self.narrowed(model._default_manager.all(), model)
                    if not choices.filter(pk=pk).exists():
                        message = _(
                            "An image, document or page chosen here is not one you may "
                            "use. Remove it and choose another."
                        )
                        self.add_error(name, ValidationError(message, code="not_choosable"))
                        break
        return cleaned

    def has_value(self, name: str) -> bool:
        """Whether the field shows a value already: the record's, posted or given initially."""
        return (
            self.is_bound
            or name in self.initial
            or getattr(self.instance, f"{name}_id", None) is not None
        )

    def narrowed[M: Model](self, queryset: QuerySet[M], model: type[M]) -> QuerySet[M]:
        user = self.for_user
        if model is Institution:
            return queryset.filter(pk__in=Institution.objects.with_role(user, Role.values))
        if model is Term:
            return queryset.filter(institution__in=Institution.objects.with_role(user, Role.values))
        if issubclass(model, AbstractImage | AbstractDocument):
            policy = policy_registry.get_by_type(model)
            return queryset & policy.instances_user_has_any_permission_for(user, ["choose"])
        if issubclass(model, Page):
            return choosable_pages(user, queryset)
        return queryset


class ScopedAdminModelForm(
    ScopedChoicesMixin, WagtailAdminModelForm, metaclass=ScopedAdminFormMetaclass
):
    pass


class ScopedAdminPageForm(
    ScopedChoicesMixin, WagtailAdminPageForm, metaclass=ScopedAdminFormMetaclass
):
    """A page's form, whose choices and inline forms' choices keep to the user's too."""


def offer_institutions(
    field: forms.Field, institutions: QuerySet[Institution], *, choose_the_only_one: bool = True
) -> None:
    """Offer only these institutions in a picker; someone who works at just one finds it
    chosen, with no empty choice left to pick by mistake."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = institutions
    only = list(institutions[:2])
    if choose_the_only_one and len(only) == 1:
        field.initial = only[0]
        if field.required:
            field.empty_label = None


def _term_with_institution(term: Term) -> str:
    return f"{term.name} · {term.institution}"


def offer_terms(field: forms.Field, *, has_value: bool) -> None:
    """A term picker in the order terms happen, opening on the current term; when it offers
    several institutions' terms, they come institution by institution, each saying whose."""
    assert isinstance(field, forms.ModelChoiceField)
    terms = cast(TermQuerySet, field.queryset).select_related("institution")
    field.queryset = terms.order_by("starts_on", "pk")
    if len({term.institution_id for term in field.queryset}) > 1:
        field.queryset = terms.order_by("institution__name", "starts_on", "pk")
        field.label_from_instance = _term_with_institution  # type: ignore[method-assign,assignment]
    if not has_value:
        field.initial = terms.current()


class InstitutionOwnedForm(ScopedAdminModelForm):
    """Offers only the institutions where the user holds a role that works with the record,
    and picks it for someone who works at just one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_institutions(
            self.fields["institution"],
            Institution.objects.with_role(self.for_user, self._meta.model.institution_roles),
            choose_the_only_one=not self.instance.pk,
        )
