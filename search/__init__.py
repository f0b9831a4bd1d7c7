"""Search: the embedded Whoosh backend for Wagtail (``search.backends.whoosh``), the text analysis
it shares with highlighting, and the site search across courses, plans and teaching materials."""
