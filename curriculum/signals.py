"""A teaching material's translations share its fields of service, which wagtail-localize does
not copy (it translates no many-to-many field): a new translation takes the original's, and a
change to any version's reaches the others, so search facets and listings agree in every
language.

Pages kept for visitors (core.pagecache) are purged when what they show changes: a material,
the pages choosing it in any of its translations; a policy, its institution's pages; reference
data (fields of service, tiers, levels, methods, competencies), every page, since catalog
filters, course pages and plans all name it."""

from typing import Any

from django.apps import apps
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from core import pagecache
from curriculum.models import (
    Competency,
    CompetencyFramework,
    InstitutionPolicy,
    ReferenceTerm,
    TeachingMaterial,
)


@receiver(post_save, sender=TeachingMaterial)
def translation_takes_the_fields_of_service(
    sender: type[TeachingMaterial],
    instance: TeachingMaterial,
    created: bool,
    raw: bool,
    **kwargs: Any,
) -> None:
    if not created or raw:
        return
    original = (
        TeachingMaterial.objects.filter(translation_key=instance.translation_key)
        .exclude(pk=instance.pk)
        .order_by("pk")
        .first()
    )
    if original is not None:
        instance.service_fields.set(original.service_fields.all())


@receiver(m2m_changed, sender=TeachingMaterial.service_fields.through)
def translations_follow_the_fields_of_service(
    sender: type, instance: object, action: str, reverse: bool, **kwargs: Any
) -> None:
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    assert isinstance(instance, TeachingMaterial)
    fields = list(instance.service_fields.all())
    for translation in instance.get_translations():
        if {field.pk for field in translation.service_fields.all()} != {f.pk for f in fields}:
            translation.service_fields.set(fields)


@receiver(post_save, sender=TeachingMaterial)
@receiver(post_delete, sender=TeachingMaterial)
def purge_pages_choosing(
    sender: type[TeachingMaterial], instance: TeachingMaterial, **kwargs: Any
) -> None:
    translations = TeachingMaterial.objects.filter(translation_key=instance.translation_key)
    pagecache.purge_pages_showing([instance, *translations])


@receiver(post_save, sender=InstitutionPolicy)
@receiver(post_delete, sender=InstitutionPolicy)
def purge_institution_pages(
    sender: type[InstitutionPolicy], instance: InstitutionPolicy, **kwargs: Any
) -> None:
    pagecache.purge([pagecache.institution_tag(instance.institution_id)])


def purge_for_reference_data(sender: type, **kwargs: Any) -> None:
    pagecache.purge_everything()


REFERENCE_DATA: list[type[Model]] = [
    Competency,
    CompetencyFramework,
    *(
        model
        for model in apps.get_app_config("curriculum").get_models()
        if issubclass(model, ReferenceTerm)
    ),
]
for reference_model in REFERENCE_DATA:
    post_save.connect(purge_for_reference_data, sender=reference_model)
    post_delete.connect(purge_for_reference_data, sender=reference_model)
