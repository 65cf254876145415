"""Each process keeps the pattern rules for a minute (checkin/insights/rules.py), so
the home page does not read them on every request."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from checkin.insights import rules
from checkin.models import PatternRule

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules_cached(loaded_guidance):
    rules.RULES.forget()
    with override_settings(MEND_RULES_CACHE_SECONDS=60):
        yield
    rules.RULES.forget()


def rule_queries():
    with CaptureQueriesContext(connection) as captured:
        rules.load_rules()
    return [q for q in captured.captured_queries if "checkin_patternrule" in q["sql"]]


def test_the_rules_are_read_once_then_kept(rules_cached):
    assert rule_queries()
    assert rule_queries() == []


def test_an_admin_save_shows_at_once(rules_cached):
    rules.load_rules()
    rule = PatternRule.objects.get(detector="high_pain_streak")
    rule.title = "A run of hard days"
    rule.save()
    assert rules.load_rules()["high_pain_streak"].title == "A run of hard days"


def test_other_processes_see_an_edit_within_the_minute(rules_cached):
    rules.load_rules()
    PatternRule.objects.filter(detector="high_pain_streak").update(title="Edited elsewhere")  # no signal here
    assert rules.load_rules()["high_pain_streak"].title != "Edited elsewhere"
    rules.RULES.read_at -= 61
    assert rules.load_rules()["high_pain_streak"].title == "Edited elsewhere"
