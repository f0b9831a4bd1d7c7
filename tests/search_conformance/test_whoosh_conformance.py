"""modelsearch's backend conformance suite, run against Praxis's Whoosh backend."""

from django.test import TestCase
from modelsearch.tests.test_backends import BackendTests


class WhooshBackendTests(BackendTests, TestCase):
    backend_path = "search.backends.whoosh"
