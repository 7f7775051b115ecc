"""Two people (or one in two tabs) saving the same audit at once: exactly one is kept,
the other is told, and nothing is lost. Real concurrent writers, as tests/web/risks do."""

from functools import partial

import pytest
from django.test import Client

from smeaton.web.audits.models import Audit, Moderation
from tests.web.plan.test_concurrency import at_once


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def committed(transactional_db, sample, auditor):
    return sample.audits.filter(auditor=auditor).first()


def test_two_saves_of_the_same_audit_exactly_one_is_kept(committed, auditor):
    audit = committed
    url = f"/quality-assurance/{audit.pk}/edit/"
    forms = [{"version": audit.version, "action": "save", "strengths": text}
             for text in ("From the first tab", "From the second tab")]
    responses = at_once(*[partial(client_of(auditor).post, url, form) for form in forms])
    saved = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200
               and "Someone else saved this audit" in r.content.decode()]
    assert (len(saved), len(refused)) == (1, 1), responses
    after = Audit.objects.get(pk=audit.pk)
    assert after.version == audit.version + 1
    assert after.strengths in ("From the first tab", "From the second tab")


def test_two_moderations_at_once_make_one(transactional_db, sample, moderator):
    from smeaton.web.audits import services

    audit = sample.audits.exclude(moderator=None).first()
    answers = {q.pk: services.Given("good" if q.answer == "grade" else "yes")
               for q in services.questions_of(audit)}
    audit = services.save_audit(audit, audit.auditor, seen_version=audit.version,
                                answers=answers, grade="good", strengths="a",
                                improvements="b", submit=True)
    url = f"/quality-assurance/{audit.pk}/moderate/"
    at_once(*[partial(client_of(moderator).post, url, {"version": audit.version,
                                                        "grade": grade, "reason": "x"})
              for grade in ("good", "inadequate")])
    assert Moderation.objects.filter(audit=audit).count() == 1


def test_two_draws_of_the_same_month_at_once_make_one_sample(transactional_db, programme,
                                                             qa):
    from smeaton.web.audits import services
    from smeaton.web.audits.models import Sample
    from tests.web.audits.conftest import MONTH, children, reader

    results = at_once(*[partial(services.draw_sample, programme, qa, month=MONTH, on=MONTH,
                                seed=seed, read=reader(children(10))) for seed in (1, 2)])
    assert Sample.objects.filter(month=MONTH).count() == 1
    refused = [r for r in results if isinstance(r, services.AuditError)]
    assert len(refused) == 1 and "already been drawn" in str(refused[0])
