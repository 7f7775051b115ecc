"""The work the task worker does for reminders (``smeaton worker``)."""

from django_tasks import task


@task()
def send_email(email_pk: int) -> str:
    """Send one queued email; the ``Email`` record says how it went."""
    from smeaton.web.reminders import services

    return services.deliver(email_pk).status
