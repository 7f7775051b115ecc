"""Every rule's own examples: a return it flags, and one it does not."""

import pytest

from smeaton.analytics.rules import registry
from smeaton.analytics.rules.examples import run_example

RULES = [rule for rules in registry().values() for rule in rules]


def _id(rule) -> str:
    return f"{rule.source.name}-{rule.code}-{rule.first_year or ''}"


def _summary(rule, example):
    outcome = run_example(rule, example)
    summary = next(s for s in outcome.summaries if s.rule is rule)
    assert not summary.skipped, summary.skipped
    return summary


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_every_rule_has_examples(rule):
    assert rule.trips and rule.passes, f"rule {rule.code} needs examples that trip and pass"


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_a_return_that_breaks_the_rule_is_flagged(rule):
    for example in rule.trips:
        summary = _summary(rule, example)
        assert summary.rows, f"rule {rule.code} did not flag {example}"


@pytest.mark.parametrize("rule", RULES, ids=_id)
def test_a_return_that_keeps_the_rule_is_not(rule):
    for example in rule.passes:
        summary = _summary(rule, example)
        assert not summary.rows, f"rule {rule.code} flagged {example}"
        # One that passes because its rows could not be checked proves nothing.
        assert rule.format or not summary.not_checked, (rule.code, summary.why_not_checked)
