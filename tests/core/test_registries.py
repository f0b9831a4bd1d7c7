"""Core knows no app above it: each app declares its roles' permissions, its part of the demo
and where its pages go in its own modules, which core discovers. These tests ask every app to
declare, and core to name no app above it."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.admin.viewsets import viewsets as admin_viewsets
from wagtail.models import get_page_models
from wagtail.permissions import policy_registry

from core import demo_parts, permissions
from core.models import HomePage, InstitutionPage
from core.permissions import ScopedIndexMixin, ScopedPermissionPolicy

pytestmark = pytest.mark.django_db


def project_apps():
    """The project's own apps, bottom layer first (the order of INSTALLED_APPS)."""
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).parent == Path(settings.BASE_DIR)
    ]


def test_every_model_of_the_project_is_granted_to_a_role_or_declared_not_granted():
    granted_models = {
        permission.split(".")[0] + "." + permission.split("_", 1)[1]
        for held in permissions.MODEL_PERMISSIONS.values()
        for permission in held
    }
    undeclared, both = [], []
    for config in project_apps():
        for model in config.get_models():
            if model._meta.proxy:
                continue
            label = model._meta.label
            granted = f"{config.label}.{model._meta.model_name}" in granted_models
            declared = label in permissions.NOT_GRANTED
            if not granted and not declared:
                undeclared.append(label)
            if granted and declared:
                both.append(label)
    assert undeclared == [], (
        "No role holds a permission on these models: grant one in their app's roles.py with "
        "core.permissions.grant(...), or declare why not with grant_none(..., reason)"
    )
    assert both == [], "Granted and declared not granted at once"
    assert all(len(reason) > 20 for reason in permissions.NOT_GRANTED.values())
    assert {label.split(".")[0] for label in permissions.NOT_GRANTED} <= {
        config.label for config in project_apps()
    }


def test_every_granted_permission_exists():
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    for role, held in permissions.MODEL_PERMISSIONS.items():
        assert held, f"{role} holds no permission"
        assert set(held) <= existing, f"{role}: {set(held) - existing} do not exist"


def test_every_app_with_models_loads_its_own_part_of_the_demo_in_layer_order():
    parts = demo_parts.parts()
    assert len(parts) == len(set(parts)), "a part is registered twice"
    owners = [part.__module__.split(".")[0] for part in parts]
    with_models = [config.label for config in project_apps() if list(config.get_models())]
    assert set(with_models) <= set(owners)
    # Parts load bottom layer first; a part registered as last (the erased trainee) after all.
    layer = [config.label for config in project_apps()]
    building = owners[: len(demo_parts._PARTS)]
    assert building == sorted(building, key=layer.index)


def test_pages_of_the_apps_above_core_place_themselves():
    """A page type outside core names its parents, and core's pages take it there."""
    for model in get_page_models():
        if model._meta.app_label not in ("core", "wagtailcore"):
            assert getattr(model, "parent_page_types", None), f"{model} names no parent"

    def children(shell):
        return {model._meta.label for model in shell.allowed_subpage_models()}

    assert children(HomePage) == {
        "core.StandardPage",
        "core.InstitutionPage",
        "courses.CourseIndexPage",
        "plans.CurriculumPlanPage",
    }
    assert children(InstitutionPage) == {
        "core.StandardPage",
        "courses.CoursePage",
        "plans.CurriculumPlanPage",
    }


UPPER = [config.label for config in project_apps() if config.label != "core"]


def names_of_upper_apps(path):
    """Imports of, and strings naming, an app above core ("courses.CoursePage") in a module,
    its docstrings aside."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            found += [m for m in modules if m.split(".")[0] in UPPER]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and node.value.split(".")[0] in UPPER
            and "." in node.value
        ):
            found.append(node.value)
    return found


def test_core_names_no_app_above_it():
    core = Path(apps.get_app_config("core").path)
    named = {
        str(path.relative_to(core)): found
        for path in core.rglob("*.py")
        if "migrations" not in path.parts and (found := names_of_upper_apps(path))
    }
    assert named == {}, "core discovers what other apps declare; it names none of them"


def test_every_scoped_viewset_reads_its_models_scoped_policy():
    """Policies are registered when the apps are ready (each app's policies.py), so no viewset
    can be built with Wagtail's unscoped default, whatever the order modules are imported in."""
    reverse("wagtailadmin_home")  # the admin's URLs register its viewsets
    scoped = [
        viewset
        for viewset in admin_viewsets.viewsets
        if issubclass(getattr(viewset, "index_view_class", object), ScopedIndexMixin)
    ]
    assert scoped
    for viewset in scoped:
        policy = policy_registry.get_by_type(viewset.model)
        assert isinstance(policy, ScopedPermissionPolicy), viewset.model
        assert viewset.permission_policy is policy
