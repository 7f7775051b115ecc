"""The work the task worker does (``smeaton worker``, django-tasks' database backend)."""

from django_tasks import task


@task()
def run_load(load_pk: int) -> str:
    """Read, check and store a load's files; the load's status says how it ended."""
    from smeaton.web.returns import services

    return services.run(load_pk).status
