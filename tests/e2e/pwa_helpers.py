"""Helpers for the PWA browser tests: the phone's caches, waiting on state that changes later, and
filling in the check-in form."""

import time

from checkin.pwa import app_shell

_CACHED_URLS_JS = """async (prefix) => {
    const urls = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith(prefix)) continue;
      for (const request of await (await caches.open(name)).keys()) {
        const url = new URL(request.url);
        urls.push(url.pathname + url.search);
      }
    }
    return urls;
}"""


def eventually(check, timeout=10.0, message="condition"):
    """Calls `check()` until it returns something truthy, and returns that.

    For the Cache API, IndexedDB and the live server's database, which change
    after the step that caused it (Playwright's wait_for_function cannot wait
    on a Promise: it takes the Promise itself as truthy).
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out after {timeout}s waiting for {message}"
        time.sleep(0.05)


_NEW_WORKER_JS = """async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    const changed = new Promise((resolve) =>
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    await registration.update();
    await changed;
}"""


def update_service_worker(page):
    """Fetches the worker's script anew and returns once the new worker controls `page`.

    The script changed (a deploy, a setting the worker is told): it installs,
    skips waiting and claims the page, which fires `controllerchange`.
    """
    page.evaluate(_NEW_WORKER_JS)


def watch_service_worker(page):
    """Opens a DevTools session on `page` that records the service worker's
    registrations and versions as Chromium reports them.

    Returns `(cdp, reported)`: `reported(kind, test)` waits until a reported
    "registrations" or "versions" entry passes `test`, and returns those that do.
    """
    cdp = page.context.new_cdp_session(page)
    seen = {"registrations": [], "versions": []}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated", lambda event: seen["registrations"].extend(event["registrations"])
    )
    cdp.on("ServiceWorker.workerVersionUpdated", lambda event: seen["versions"].extend(event["versions"]))
    cdp.send("ServiceWorker.enable")

    def reported(kind, test):
        def passing():
            page.wait_for_timeout(50)  # Playwright hands over CDP events only while it waits
            return [entry for entry in seen[kind] if test(entry)]

        return eventually(passing, message=f"the worker's {kind}")

    return cdp, reported


def cached_urls(page, prefix):
    """Paths (with query) held in every cache whose name starts with `prefix`."""
    return page.evaluate(_CACHED_URLS_JS, prefix)


def visit_while_online(page, *paths):
    """Opens each page, then waits until the service worker has kept those it may keep."""
    for path in paths:
        page.goto(path)
    keepable = {path for path in paths if not path.startswith(app_shell.PRIVATE_PREFIXES)}
    eventually(lambda: keepable <= set(cached_urls(page, "mend-pages-")), message=f"{keepable} to be kept")


def fill_check_in(page, *, pain, mood, sleep_hours, sleep_quality, minutes, kind, note=""):
    page.locator(f"label[for=id_pain_{pain}]").click()
    page.locator(f"label[for=id_mood_{mood}]").click()
    page.get_by_label("Hours of sleep last night").fill(sleep_hours)
    page.get_by_label("Minutes of activity today").fill(minutes)
    page.get_by_text(sleep_quality, exact=True).click()
    page.locator(f"input[name=exercise_kind][value={kind}] + label").click()
    if note:
        page.get_by_text("A note (optional)").click()
        page.get_by_label("Note (optional, private)").fill(note)
