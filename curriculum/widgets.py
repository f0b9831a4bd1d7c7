"""Pickers of the curriculum's records."""

from typing import Any

from django import forms

from curriculum.models import CompetencyFramework


class CompetenciesByFramework(forms.CheckboxSelectMultiple):
    """Competencies as checkboxes under their framework's title, so that two frameworks'
    "1.2" are never mistaken for each other; the frameworks are read in one query."""

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        flat = [choice for choice in self.choices]  # noqa: C416 - list() would count them first
        framework_ids = {
            choice.instance.framework_id for choice, _label in flat if hasattr(choice, "instance")
        }
        frameworks = CompetencyFramework.objects.in_bulk(framework_ids)
        grouped: dict[str, list[Any]] = {}
        for choice, label in flat:
            framework = frameworks.get(
                getattr(getattr(choice, "instance", None), "framework_id", 0)
            )
            grouped.setdefault(str(framework or ""), []).append((choice, label))
        self.choices = sorted(grouped.items())
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = flat
