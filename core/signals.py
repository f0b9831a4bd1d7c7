"""A membership's role group follows the membership, however it is saved or deleted; after
migrations, every role group gets the permissions its role has now."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import Membership, User
from core.services import sync_role_permissions, sync_user_groups


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        sync_user_groups(user)


def role_permissions_after_migrate(using, **kwargs):
    # Permissions of apps migrated after core would not exist yet; creating them is idempotent.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_permissions()
