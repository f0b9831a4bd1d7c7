"""A membership's role group follows the membership, however it is saved or deleted; after
migrations, every role group gets the permissions its role has now. A stored PDF is forgotten
when its page's address changes or the page gains or loses a view restriction, and its file
goes with its row. A language's synchronised tree is built when an editor sets it up, never when
a row is restored from serialized data (a test database's rollback). The pages kept for visitors
(core.pagecache) are forgotten when a page is published, unpublished, moved or deleted, and when
an institution or a region they show changes."""

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import create_extra_permissions
from wagtail_localize.models import LocaleSynchronization, sync_trees_on_locale_sync_save

from core import pagecache
from core.models import Institution, Membership, Region, RenderedPdf, User
from core.pdf import discard_page_pdfs
from core.services import sync_role_permissions, sync_user_groups
from core.storage import delete_on_commit


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    user = User.objects.filter(pk=instance.user_id).first()
    if user is not None:
        sync_user_groups(user)


def role_permissions_after_migrate(using: str, **kwargs: Any) -> None:
    # Permissions of apps migrated after core would not exist yet; creating them is idempotent.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    # Snippets' publish and lock permissions come from Wagtail's own handler, which runs later.
    create_extra_permissions(apps.get_app_config("core"), using=using)
    sync_role_permissions()


def sync_trees_unless_restoring(
    sender: type[LocaleSynchronization], instance: LocaleSynchronization, raw: bool, **kwargs: Any
) -> None:
    """wagtail-localize's handler, skipping raw saves, in which the locales may not exist yet."""
    if not raw:
        sync_trees_on_locale_sync_save(instance=instance, **kwargs)


post_save.disconnect(sync_trees_on_locale_sync_save, sender=LocaleSynchronization)
post_save.connect(sync_trees_unless_restoring, sender=LocaleSynchronization)


@receiver(post_delete, sender=RenderedPdf)
def delete_pdf_file(sender: type[RenderedPdf], instance: RenderedPdf, **kwargs: Any) -> None:
    if instance.file:
        delete_on_commit(instance.file)


@receiver(post_page_move)
@receiver(page_slug_changed)
def forget_moved_pdfs(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    """The addresses of the page and everything under it have changed."""
    discard_page_pdfs(Page.objects.descendant_of(instance, inclusive=True).values("pk"))


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def forget_restricted_pages(
    sender: type[PageViewRestriction], instance: PageViewRestriction, **kwargs: Any
) -> None:
    """A page made private (or public again) and what is under it: their PDFs, their copies kept
    for visitors, and the listings and searches that show them."""
    discard_page_pdfs(Page.objects.descendant_of(instance.page, inclusive=True).values("pk"))
    pagecache.purge_pages([instance.page])


@receiver(page_published)
@receiver(page_unpublished)
def purge_changed_page(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    pagecache.purge_pages([instance])


@receiver(post_page_move)
def purge_moved_page(
    sender: type[Page], instance: Page, parent_page_before: Page, **kwargs: Any
) -> None:
    """The page, its new parent and what is under it as any change; its old parent no longer
    lists it."""
    pagecache.purge_pages([instance])
    pagecache.purge([pagecache.page_tag(parent_page_before.translation_key)], [parent_page_before])


@receiver(post_delete, sender=Page)
def purge_deleted_page(sender: type[Page], instance: Page, **kwargs: Any) -> None:
    # Its descendants are deleted too, each with its own signal.
    pagecache.purge_pages([instance], below=False)


@receiver(post_save, sender=Institution)
@receiver(post_delete, sender=Institution)
def purge_institution_pages(
    sender: type[Institution], instance: Institution, **kwargs: Any
) -> None:
    """Its page, its courses (their policies and name) and the home page's cards show it; the
    catalog's filters name it."""
    pagecache.purge([pagecache.institution_tag(instance.pk), pagecache.CONTENT])


@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
def purge_for_region(sender: type[Region], instance: Region, **kwargs: Any) -> None:
    pagecache.purge_everything()
