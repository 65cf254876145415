"""The offline sync soak of `make scaletest`, over HTTP through the balancer.

Each sequence is a random run of the steps tests/daily/test_sync_model.py
draws (two phones editing two days offline with clocks behind or ahead,
sending anything they ever queued in any order and again, the patient
deleting a day on the web), sent to /api/checkins/ and /history/<day>/delete/
as the phones would. Every answer is checked against that test's model of
docs/offline.md, and after each sequence the stored rows against the model's.

A request the balancer cannot answer (a server killed mid-run) is sent again,
as the phone's queue does; a check-in sent again may then find itself already
stored, which the model allows only for a request that was sent again.
"""

import datetime
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

SKEWS = (-120, -5, 0, 5, 120)  # minutes a phone's clock is off
RETRY = {502, 503, 504}


def draw(rng: random.Random) -> list[tuple]:
    """One sequence of steps, in the shapes of tests/daily/test_sync_model.py."""
    steps = []
    for _ in range(rng.randint(1, 25)):
        kind = rng.choice(("edit", "send", "delete"))
        if kind == "edit":
            steps.append(("edit", rng.choice("AB"), rng.randrange(2), rng.randint(0, 10), rng.choice(SKEWS)))
        elif kind == "send":
            steps.append(("send", rng.choice("AB"), rng.randint(0, 20)))
        else:
            steps.append(("delete", rng.randrange(2)))
    return steps


class Phone:
    """One signed-in phone: its session and CSRF cookies, and a retrying sender."""

    def __init__(self, base: str, session_key: str, csrf: str):
        self.base, self.csrf = base, csrf
        self.http = requests.Session()
        self.http.cookies.update({"sessionid": session_key, "csrftoken": csrf})

    def send(self, method: str, path: str, **kwargs) -> tuple[requests.Response, bool]:
        """The answer, and whether it took more than one attempt."""
        for attempt in range(60):
            try:
                response = self.http.request(
                    method, self.base + path, timeout=30, allow_redirects=False,
                    headers={"X-CSRFToken": self.csrf}, **kwargs,
                )  # fmt: skip
                if response.status_code not in RETRY:
                    return response, attempt > 0
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):  # the server died mid-answer
                pass
            time.sleep(0.25)
        raise SystemExit(f"{method} {path}: no server answered in 15 s")


@dataclass
class Totals:
    sequences: int = 0
    requests: int = 0
    sent_again: int = 0
    wrong: int = 0


def run(base: str, patients: list[dict], sequences: int, seed: int, on_progress=None) -> Totals:
    """``patients``: [{"id", "phones": [(session_key, csrf), (session_key, csrf)]}].
    Sequences run four at a time, each on its own two days of one patient."""
    from checkin.models import CheckIn
    from tests.daily.test_sync_model import Model, Queued

    totals, lock = Totals(), threading.Lock()
    first_day = datetime.date.today() - datetime.timedelta(days=1)

    def one(index: int):
        patient = patients[index % len(patients)]
        phones = {name: Phone(base, *keys) for name, keys in zip("AB", patient["phones"])}
        days = [first_day - datetime.timedelta(days=2 * (index // len(patients)) + n) for n in range(2)]
        model, queues, requests_made, again = Model(), {"A": [], "B": []}, 0, 0
        problems = []
        for step in draw(random.Random(seed * 100_000 + index)):
            now = datetime.datetime.now(datetime.timezone.utc)
            if step[0] == "edit":
                _, phone, day, pain, skew = step
                queues[phone].append(Queued(uuid.uuid4(), days[day], pain, now + datetime.timedelta(minutes=skew)))
            elif step[0] == "send" and queues[step[1]]:
                item = queues[step[1]][step[2] % len(queues[step[1]])]
                body = {
                    "date": item.day.isoformat(), "pain": item.pain, "mood": 5, "sleep_hours": 7,
                    "sleep_quality": 3, "exercise_minutes": 0, "exercise_kind": "none", "symptoms": [], "note": "",
                    "client_uuid": str(item.uuid), "updated_at": item.edited_at.isoformat(),
                }  # fmt: skip
                response, retried = phones[step[1]].send("POST", "/api/checkins/", json=body)
                expected = model.send(item, now)
                outcome = response.json().get("outcome") if response.status_code in (200, 201) else response.text
                if outcome != expected and not (retried and outcome == "already_stored"):
                    problems.append(f"{step}: answered {outcome}, the rules say {expected}")
                requests_made, again = requests_made + 1, again + retried
            elif step[0] == "delete":
                day = days[step[1]]
                response, retried = phones["A"].send(
                    "POST", f"/history/{day.isoformat()}/delete/", data={"csrfmiddlewaretoken": phones["A"].csrf}
                )
                if response.status_code not in (302, 404):
                    problems.append(f"{step}: the web deletion answered {response.status_code}")
                model.delete(day, now)
                requests_made, again = requests_made + 1, again + retried
        stored = {
            day: [client_uuid, pain]
            for day, client_uuid, pain in CheckIn.objects.filter(patient_id=patient["id"], date__in=days).values_list(
                "date", "client_uuid", "pain"
            )
        }
        if stored != {day: row[:2] for day, row in model.rows.items()}:
            problems.append(f"stored {stored}, the rules say {model.rows}")
        with lock:
            totals.sequences += 1
            totals.requests += requests_made
            totals.sent_again += again
            totals.wrong += bool(problems)
            done = totals.sequences
        for problem in problems:
            print(f"   sequence {index}: {problem}", flush=True)
        if on_progress:
            on_progress(done)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, range(sequences)))
    return totals
