"""Work done after the answer has gone: ``after_response(response, work)``.

A WSGI server calls the response's ``close()`` once it has sent the body, so
work chained there costs the person waiting nothing, and their waiting time
cannot tell whether it ran. Sign-up and password reset send their email this
way: whether an address has an account must not show in how long the answer
takes. A failure is logged, never raised: the answer has already gone.
"""

import logging

from django.http import HttpResponseBase

log = logging.getLogger(__name__)


def after_response(response: HttpResponseBase, work) -> HttpResponseBase:
    """``response``, which runs ``work()`` when the server closes it."""
    close = response.close

    def then_close():
        try:
            work()
        except Exception:
            log.exception("Work after the response failed")
        finally:
            close()

    response.close = then_close  # type: ignore[method-assign]
    return response
