"""Background work goes through the real django-tasks-db queue and its db_worker."""

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from core.tasks import send_account_email
from tests import factories

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
