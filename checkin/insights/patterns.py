"""Pattern detectors: small rules that look at recent check-ins and report findings.

The face of the detectors for the rest of Mend: the machinery from
``detecting.py`` with every detector registered (the safety ones first:
registry order is report order). Pure Python (no Django).
"""

# isort: off
# The detectors register themselves as they are read: the safety ones first,
# since registry order is report order.
from checkin.insights import safety_detectors  # noqa: F401
from checkin.insights import detectors  # noqa: F401

# isort: on
from checkin.insights.detecting import (  # noqa: F401
    RED_FLAG_MIN_WINDOW,
    REGISTRY,
    SAFETY_DETECTORS,
    Finding,
    Param,
    detect,
    register,
    validate_params,
)
