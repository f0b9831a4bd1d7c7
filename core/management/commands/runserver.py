"""`make run`'s server: Django's development server (serving static files, as staticfiles'
does), with a listen queue deep enough for a class that enrols at the same minute."""

from django.contrib.staticfiles.management.commands import runserver
from django.core.servers.basehttp import WSGIServer


class QueueingWSGIServer(WSGIServer):
    # Django's 10 pending connections reset the eleventh person of a burst.
    request_queue_size = 128


class Command(runserver.Command):
    server_cls = QueueingWSGIServer
