"""The indexes a save updates, paused for the tests that never read them."""

import contextlib


@contextlib.contextmanager
def index_updates_paused():
    """Saving a page or snippet queues two tasks, run by the worker in production and at once
    here: updating the search index and Wagtail's reference index (where a record is used).
    Tests that never search nor ask where a record is used go without both, which spares
    about a fifth of the suite's time."""
    # Imported here: conftest imports this module before pytest-django sets Django up.
    from django.db.models.signals import post_delete, post_save
    from modelsearch import index
    from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
    from wagtail.signal_handlers import (
        connect_reference_index_signal_handlers,
        disconnect_reference_index_signal_handlers,
    )

    handlers = ((post_save, post_save_signal_handler), (post_delete, post_delete_signal_handler))
    indexed = [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in indexed:
        for signal, handler in handlers:
            signal.disconnect(handler, sender=model)
    disconnect_reference_index_signal_handlers()
    try:
        yield
    finally:
        connect_reference_index_signal_handlers()
        for model in indexed:
            for signal, handler in handlers:
                signal.connect(handler, sender=model)
