"""Simulated people for Smeaton under load (locust): readers and milestone owners.

Readers (the Director, a priority lead, a councillor, an analyst) read the plan overview,
the scorecard, an indicator page and a milestone page. Owners (demo-owner) read the same
pages and post updates on their milestones through the real form, first thing after
signing in and then once in every five things they do: the form fetched, its CSRF token,
version and round sent back as a browser would after a pause for writing, the answer
checked (a redirect to the milestone, whose page says the update was posted and shows it).

Every update says which run and which post it is. At the end the ledger (--ledger) lists
the updates posted, those the server confirmed, and those it refused because someone else
had changed the milestone first (a refusal the owner is told of, not a lost update), so
that the caller can compare them with what the database holds; and every request that
failed, from the very start (--measure starts locust's own figures again once everyone
has signed in).

Run by benchmarks/load.py (and so by tests/test_load.py); by hand, against a demo:

    .venv/bin/locust -f benchmarks/locustfile.py --headless -u 50 -r 5 --run-time 2m \\
        --host http://127.0.0.1:8000 --milestones 7,14,1,2 --owned 2 \\
        --indicators re-referrals,caseload
"""

import itertools
import json
import random
import re
import time
import uuid
from html import unescape
from html.parser import HTMLParser

import gevent
from locust import FastHttpUser, events

PASSWORD = "smeaton-demo"  # noqa: S105  the demo's documented password
READERS = ["demo-leader", "demo-lead", "demo-viewer", "demo-analyst"]
OWNER = "demo-owner"
POSTED = "Your update has been posted."
CONFLICT = "Someone else changed this milestone while you were working on it"

# What this process's simulated people were told about their updates; every request
# that failed, from the start (locust's own figures may be started afresh); signing in.
ledger = {"run": "", "attempted": [], "confirmed": [], "refused": [], "failures": {},
          "sign_in": {}}
_user_numbers = itertools.count()
_signed_in = itertools.count(1)
_started = [time.monotonic()]


@events.init_command_line_parser.add_listener
def _arguments(parser):
    parser.add_argument("--milestones", default="",
                        help="Milestone ids, comma-separated: the first demo-owner's own, "
                             "then any others to read")
    parser.add_argument("--owned", type=int, default=0,
                        help="How many of --milestones (from the first) demo-owner owns")
    parser.add_argument("--indicators", default="re-referrals",
                        help="Indicator slugs, comma-separated, to read")
    parser.add_argument("--owners-every", type=int, default=5,
                        help="One simulated person in this many is an owner who posts updates")
    parser.add_argument("--pages", default="overview,scorecard,indicator,milestone,update",
                        help="Which pages to visit (for timing one page alone)")
    parser.add_argument("--no-pause", action="store_true",
                        help="No pause between pages: the server's throughput at saturation")
    parser.add_argument("--ledger", default="", help="Write the updates' ledger here (JSON)")
    parser.add_argument("--run-id", default="", help="Marks this run's updates")
    parser.add_argument("--measure", type=float, default=0,
                        help="Once everyone has signed in, start the figures afresh and stop "
                             "this many seconds later (--run-time still bounds the whole run)")
    parser.add_argument("--measuring", default="",
                        help="With --measure, make this file when the figures start afresh")


@events.test_start.add_listener
def _start(environment, **_kwargs):
    ledger["run"] = environment.parsed_options.run_id or uuid.uuid4().hex[:12]
    _started[0] = time.monotonic()


@events.request.add_listener
def _count_failure(request_type, name, exception=None, **_kwargs):
    if exception is not None:
        _failed(f"{request_type} {name}: {exception}")


@events.user_error.add_listener
def _count_error(user_instance, exception, tb, **_kwargs):
    _failed(f"error in the locustfile: {exception!r}")


def _failed(what: str) -> None:
    ledger["failures"][what] = ledger["failures"].get(what, 0) + 1


def _everyone_signed_in(environment):
    """With --measure: keep what signing in took, then time the pages alone."""
    options = environment.parsed_options
    if not options.measure:
        return
    entry = environment.stats.get("sign in", "POST")
    ledger["sign_in"] = {
        "people": entry.num_requests, "seconds": round(time.monotonic() - _started[0], 1),
        "p50": entry.get_response_time_percentile(0.5),
        "p95": entry.get_response_time_percentile(0.95), "max": entry.max_response_time}
    environment.stats.reset_all()
    if options.measuring:
        open(options.measuring, "w").close()  # noqa: SIM115  the caller starts its clocks
    gevent.spawn_later(options.measure, environment.runner.quit)


@events.quitting.add_listener
def _write_ledger(environment, **_kwargs):
    if environment.parsed_options.ledger:
        with open(environment.parsed_options.ledger, "w") as out:
            json.dump(ledger, out, indent=1)


class FormReader(HTMLParser):
    """The fields of the page's first form that posts somewhere other than sign-out, as a
    browser would send them: hidden and text inputs, checked radios, textareas."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.inside = self.done = False
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and attrs.get("method") == "post" \
                and "sign-out" not in (attrs.get("action") or ""):
            self.inside = True
        elif self.inside and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.fields[attrs["name"]] = attrs.get("value", "on")
            elif kind != "submit":
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str) -> dict[str, str]:
    reader = FormReader()
    reader.feed(html)
    return reader.fields


class Person(FastHttpUser):
    """Signs in once, then reads pages with a pause of 1 to 3 seconds between them (or
    none, with --no-pause)."""

    def wait_time(self) -> float:
        return 0 if self.environment.parsed_options.no_pause else random.uniform(1, 3)  # noqa: S311

    def on_start(self):
        options = self.environment.parsed_options
        self.number = next(_user_numbers)
        self.milestones = [int(pk) for pk in options.milestones.split(",") if pk]
        self.indicators = [slug for slug in options.indicators.split(",") if slug]
        self.pages = set(options.pages.split(","))
        self.owner = options.owners_every and self.number % options.owners_every == 0
        owned = self.milestones[:options.owned]
        # Each owner posts on one milestone of demo-owner's, in turn, so that two
        # owners share a milestone only when there are more owners than milestones.
        serial = self.number // max(options.owners_every, 1)
        self.own = owned[serial % len(owned)] if self.owner and owned else None
        self.username = OWNER if self.owner else READERS[self.number % len(READERS)]
        # Each page as often as the others; an owner posts an update once in every five
        # things they do, the first thing after signing in.
        weights = {"overview": 1, "scorecard": 1, "indicator": 1, "milestone": 1,
                   "update": 1 if self.own else 0}
        self.tasks = [getattr(Person, page) for page, weight in weights.items()
                      if page in self.pages for _ in range(weight)]
        if not self.tasks:
            raise ValueError(f"nothing to do for {self.username} among {options.pages}")
        self.sign_in()
        if next(_signed_in) == options.num_users:
            _everyone_signed_in(self.environment)
        if self.own and "update" in self.pages:
            self.post_update(self.own)

    def sign_in(self):
        with self.client.get("/sign-in/", name="sign in (form)", catch_response=True) as page:
            token = form_fields(page.text or "").get("csrfmiddlewaretoken")
            if not token:
                page.failure("no CSRF token on the sign-in form")
                return
        with self.client.post("/sign-in/", name="sign in", allow_redirects=False,
                              catch_response=True, data={
                                  "csrfmiddlewaretoken": token, "username": self.username,
                                  "password": PASSWORD}) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in answered {answer.status_code}, not a redirect")

    def visit(self, path: str, name: str, expect: str):
        with self.client.get(path, name=name, catch_response=True,
                             allow_redirects=False) as page:
            if page.status_code != 200:
                page.failure(f"{page.status_code} from {path}"
                             + (f": {page.error!r}" if page.status_code == 0 else ""))
            elif expect not in (page.text or ""):
                page.failure(f"{path} does not say {expect!r}")
            return page

    def overview(self):
        self.visit("/plan/", "plan overview", "<title>The plan ")

    def scorecard(self):
        self.visit("/performance/", "scorecard", "<title>Scorecard ")

    def indicator(self):
        slug = random.choice(self.indicators)  # noqa: S311  not for security
        self.visit(f"/performance/indicators/{slug}/", "indicator page", "<svg")

    def milestone(self):
        pk = self.own or random.choice(self.milestones)  # noqa: S311
        self.visit(f"/plan/milestones/{pk}/", "milestone page", "Updates</h2>")

    def update(self):
        self.post_update(self.own)

    def post_update(self, pk: int):
        form = self.visit(f"/plan/milestones/{pk}/update/", "update form", "Post the update")
        fields = form_fields(form.text or "")
        if not {"csrfmiddlewaretoken", "version", "commentary"} <= fields.keys():
            return  # the failure is already recorded
        mark = f"load {ledger['run']} {self.number}-{uuid.uuid4().hex[:8]}"
        fields.update(progress=random.choice(["on_track", "at_risk", "off_track"]),  # noqa: S311
                      commentary=f"Progress reviewed with the team ({mark}).")
        if not self.environment.parsed_options.no_pause:
            gevent.sleep(random.uniform(1, 3))  # noqa: S311  writing it, as others may post
        # gunicorn closes a connection left idle for 2 seconds, and a form sent on it just
        # as it does so is lost. A browser then sends the form again on a new connection;
        # geventhttpclient does so only for GETs. So send the form on a new connection.
        self.client.client.close()
        ledger["attempted"].append({"milestone": pk, "mark": mark})
        with self.client.post(f"/plan/milestones/{pk}/update/", data=fields, name="post update",
                              allow_redirects=False, catch_response=True) as answer:
            if answer.status_code == 302 and answer.headers.get("Location") == \
                    f"/plan/milestones/{pk}/":
                ledger["confirmed"].append({"milestone": pk, "mark": mark})
            elif answer.status_code == 200 and CONFLICT in unescape(answer.text or ""):
                # Refused, and told so: another owner changed the milestone first.
                ledger["refused"].append({"milestone": pk, "mark": mark})
                return
            else:
                answer.failure(f"posting an update answered {answer.status_code}: "
                               f"{problems(answer.text) if answer.text else answer.error!r}")
                return
        # As a browser follows the redirect: the milestone says so and shows the update.
        with self.client.get(f"/plan/milestones/{pk}/", name="milestone page (after posting)",
                             catch_response=True, allow_redirects=False) as page:
            text = unescape(page.text or "")
            if page.status_code != 200 or POSTED not in text or mark not in text:
                page.failure(f"milestone {pk} does not show the update {mark} and its "
                             "confirmation")


Person.tasks = [Person.overview]  # each person's own, chosen in on_start


def problems(html: str | None) -> str:
    """The error summary's messages, for a failure's description."""
    found = re.findall(r'<a href="#id_[^"]*">([^<]+)</a>', html or "")
    return "; ".join(unescape(text) for text in found) or (html or "")[:200]
