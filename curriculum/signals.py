"""A teaching material's translations share its fields of service, which wagtail-localize does
not copy (it translates no many-to-many field): a new translation takes the original's, and a
change to any version's reaches the others, so search facets and listings agree in every
language."""

from typing import Any

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from curriculum.models import TeachingMaterial


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
