"""Background work, through Django's task API (django-tasks-db's worker in production)."""

from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation


@task()
def send_account_email(user_id, template_prefix, context, language):
    """Render and send an account e-mail in the recipient's language.

    The task carries the user's id, not their address, so the queue holds no personal data.
    """
    from core.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    with translation.override(language):
        context = {**context, "user": user}
        subject = "".join(render_to_string(f"{template_prefix}_subject.txt", context).splitlines())
        body = render_to_string(f"{template_prefix}.txt", context)
    send_mail(subject, body, None, [user.email])
