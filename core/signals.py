"""A membership's role group follows the membership, however it is saved or deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import Membership, User
from core.services import sync_user_groups


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        sync_user_groups(user)
