"""Background work goes through the real django-tasks-db queue and its db_worker."""

import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from core.models import RenderedPdf
from core.tasks import send_account_email
from courses.tasks import render_published_syllabus
from tests import factories
from tests.processes import ROOT, environment, shared_database_url

# Serialized rollback, like every transactional test here: a flush without it re-creates the
# content types that the next serialized test restores.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_database_worker_sends_a_queued_email(mailoutbox):
    person = factories.user(email="docente@example.org")
    context = {"protocol": "https", "domain": "praxis.example", "uid": "MQ", "token": "abc-123"}
    result = send_account_email.using(backend="database").enqueue(
        person.pk, "account/email/password_reset", context, "en"
    )
    assert mailoutbox == []
    stored = DBTaskResult.objects.get(id=result.id)
    assert "docente@example.org" not in str(stored.args_kwargs)  # the queue holds no address

    call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay", verbosity=0)

    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["docente@example.org"]
    assert "https://praxis.example/en/accounts/reset/MQ/abc-123/" in mailoutbox[0].body


def run_worker(worker_id):
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "database",
        "--no-startup-delay",
        "--worker-id",
        worker_id,
        verbosity=0,
    )


def test_a_worker_killed_mid_render_leaves_no_file_and_the_render_is_made_later(settings, home):
    """The worker is killed with SIGKILL while WeasyPrint works. Nothing is stored; restarted
    under the same id it takes up its task, which waits for the dead render's lease to end
    (here: made to end) and then renders the whole PDF."""
    if connection.vendor != "postgresql":
        pytest.skip("A worker in another process needs a shared database; CI runs it on PostgreSQL")
    course = factories.course(factories.institution(), title="Intervención en crisis")
    queued = render_published_syllabus.using(backend="database").enqueue(course.pk)
    env = environment(
        DATABASE_URL=shared_database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--backend", "database", "--no-startup-delay",
         "--worker-id", "praxis-1", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not RenderedPdf.objects.filter(claimed_until__isnull=False, file="").exists():
            assert time.monotonic() < deadline, "the worker never started the render"
            time.sleep(0.01)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)

    row = RenderedPdf.objects.get()
    assert not row.ready and not row.file
    assert not list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))
    assert DBTaskResult.objects.get(id=queued.id).status == "RUNNING"

    run_worker("praxis-1")  # restarted: the dead render's lease still holds
    assert DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == row.claimed_until and not RenderedPdf.objects.get().ready

    RenderedPdf.objects.update(claimed_until=timezone.now() - timedelta(seconds=1))
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker("praxis-1")

    row = RenderedPdf.objects.get()
    assert row.ready and DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    with row.file.open("rb") as stored:
        assert "Intervención en crisis" in PdfReader(stored).pages[0].extract_text()
