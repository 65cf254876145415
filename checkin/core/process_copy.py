"""A copy of admin-edited data that each process keeps for a while.

Pattern rules and crisis lines change only when an admin edits them, yet
pages read them all the time. Each process keeps what it read for
MEND_RULES_CACHE_SECONDS (0: read every time). An edit shows at once in the
process that saved it (Django's signals forget the copy) and in the others
within that many seconds.
"""

import time

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save


class ProcessCopy:
    def __init__(self, name: str, load, models=(), links=()):
        """``load()`` reads the data; saving or deleting one of ``models``, or
        changing one of the many-to-many ``links``, forgets the copy."""
        self.load = load
        self.value = None
        self.read_at = 0.0
        for model in models:
            post_save.connect(self.forget, sender=model, dispatch_uid=f"{name}-{model.__name__}-save")
            post_delete.connect(self.forget, sender=model, dispatch_uid=f"{name}-{model.__name__}-delete")
        for through in links:
            m2m_changed.connect(self.forget, sender=through, dispatch_uid=f"{name}-{through.__name__}")

    def forget(self, **kwargs):
        self.value = None

    def get(self):
        """The data: this process's copy while it is fresh, else read anew."""
        now = time.monotonic()
        ttl = settings.MEND_RULES_CACHE_SECONDS
        if ttl and self.value is not None and now - self.read_at < ttl:
            return self.value
        self.value, self.read_at = self.load(), now
        return self.value

    def last(self):
        """The last copy read, however old; None if none was (for pages shown
        while the database is away)."""
        return self.value
