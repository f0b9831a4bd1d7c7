"""Choices that courses' models and the catalog's filters share (the filters sit above the
models, which build the catalog page with them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryMode(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")
    WORKPLACE = "workplace", _("At the workplace")
