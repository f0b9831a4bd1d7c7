from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    _UserManager = UserManager["User"]
else:  # Django's managers take no type parameters at run time
    _UserManager = UserManager


class PraxisUserManager(_UserManager):
    """Users sign in with their e-mail address; there is no separate user name."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    # The e-mail address is the user name: Django's own pattern for such a user model, which
    # drops UserManager's `username` argument.
    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=self.normalize_email(username))


# The plugin finds no manager on Wagtail's (untyped) image and document models for the reverse
# relations of their `uploaded_by_user`.
class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person: trainee, author, faculty, coordinator, evaluator or administrator.

    What a person may do comes from their institution memberships, not from the user record.
    """

    username = None  # type: ignore[assignment]  # a field set to None is removed; stubs can't say so
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects: ClassVar[PraxisUserManager] = PraxisUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="core_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = PraxisUserManager.normalize_email(self.email)
