"""Pattern rules: the admin-edited settings of each detector, their links to
guidance, and the defaults Mend ships (checkin/content/rules.json, the rules'
wording out of code).

Rules change only when an admin edits them, yet every home page reads them:
each process keeps one copy for MEND_RULES_CACHE_SECONDS (else they would be
two of the home page's queries on every visit). An
edit shows at once in the process that saved it (the signals below) and in
the others within that many seconds.
"""

import json
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.signals import m2m_changed, post_delete, post_save

from checkin.models import GuidancePage, PatternRule
from checkin.models.guidance import SEEK_HELP_SLUG  # noqa: F401  (where the rules and cards find it)

# The rules load_guidance creates: one per detector, enabled, each linked to
# the guidance that fits it. Admins tune and reword them in /admin/; the
# safety rules' wording here is also the fallback if their rows are missing.
DEFAULT_RULES = json.loads((Path(__file__).resolve().parent.parent / "content" / "rules.json").read_text())


def load_rules() -> dict[str, PatternRule]:
    """Every rule with its published guidance pages, for ``noticed(..., rules=)``
    and ``lookback_days(rules)``: read once for a request that needs both, or
    cards for many patients (the clinician's list). Two queries, or none while
    this process's copy is fresh (see _RulesCache)."""
    ttl = settings.MEND_RULES_CACHE_SECONDS
    now = time.monotonic()
    if ttl and _rules_cache.rules is not None and now - _rules_cache.loaded_at < ttl:
        return _rules_cache.rules
    pages = GuidancePage.objects.published().only("slug", "title", "summary", "order").order_by("order", "title")
    rules = PatternRule.objects.prefetch_related(Prefetch("guidance", queryset=pages, to_attr="published_pages"))
    loaded = {rule.detector: rule for rule in rules}
    if ttl:
        _rules_cache.rules, _rules_cache.loaded_at = loaded, now
    return loaded


class _RulesCache:
    """This process's copy of the rules, and when it was read."""

    rules: dict[str, PatternRule] | None = None
    loaded_at: float = 0.0


_rules_cache = _RulesCache()


def _forget_rules(**kwargs):
    _rules_cache.rules = None


for _model in (PatternRule, GuidancePage):
    post_save.connect(_forget_rules, sender=_model, dispatch_uid=f"guidance-rules-{_model.__name__}-save")
    post_delete.connect(_forget_rules, sender=_model, dispatch_uid=f"guidance-rules-{_model.__name__}-delete")
m2m_changed.connect(_forget_rules, sender=PatternRule.guidance.through, dispatch_uid="guidance-rules-links")
