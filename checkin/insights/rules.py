"""Pattern rules: the admin-edited settings of each detector, their links to
guidance, and the defaults Mend ships (checkin/content/rules.json, the rules'
wording out of code).

Every home page reads the rules: each process keeps a copy
(checkin/core/process_copy.py), else they would be two of its queries on
every visit.
"""

import json
from pathlib import Path

from django.db.models import Prefetch

from checkin.core.process_copy import ProcessCopy
from checkin.models import GuidancePage, PatternRule

# The rules load_guidance creates: one per detector, enabled, each linked to
# the guidance that fits it. Admins tune and reword them in /admin/; the
# safety rules' wording here is also the fallback if their rows are missing.
DEFAULT_RULES = json.loads((Path(__file__).resolve().parent.parent / "content" / "rules.json").read_text())


def _read_rules() -> dict[str, PatternRule]:
    pages = GuidancePage.objects.published().only("slug", "title", "summary", "order").order_by("order", "title")
    rules = PatternRule.objects.prefetch_related(Prefetch("guidance", queryset=pages, to_attr="published_pages"))
    return {rule.detector: rule for rule in rules}


RULES = ProcessCopy(
    "guidance-rules", _read_rules, models=(PatternRule, GuidancePage), links=(PatternRule.guidance.through,)
)


def load_rules() -> dict[str, PatternRule]:
    """Every rule with its published guidance pages, for ``cards_for(..., rules=)``
    and ``lookback_days(rules)``: read once for a request that needs both, or
    cards for many patients (the clinician's list). Two queries, or none while
    this process's copy is fresh."""
    return RULES.get()
