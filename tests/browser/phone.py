"""What a rep does on the phone, as steps for the browser tests."""

import datetime
import time
import uuid

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect
except ImportError:  # the `playwright` fixture skips (or, when required, fails) with the reason
    PlaywrightError = expect = None

from webapp import timeutil
from webapp.db import transaction

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
#: Where the phone is: at the factories' client site in Bergen.
BERGEN = {"latitude": 60.3913, "longitude": 5.3221, "accuracy": 20}
#: The factories' password (tests/conftest.py).
PASSWORD = "correct horse battery"
SAVED_ON_PHONE = "Saved on this phone — will sync."

# The page's own module URL (fingerprinted), so the instance is the one the page uses.
OUTBOX = (
    "import(new URL('outbox.js', document.querySelector('script[type=module][src]').src))"
    ".then((outbox) => outbox.all())"
)
# True when every URL is in the service worker's page cache.
SAVED = """async (urls) => {
  for (const url of urls) if (!(await caches.match(url, { ignoreVary: true }))) return false;
  return true;
}"""


def phone_options(live_server, **extra):
    """A phone-sized context at the client's site, with position and Background Sync allowed."""
    return {
        "base_url": live_server["url"],
        "viewport": PHONE,
        "is_mobile": True,
        "has_touch": True,
        "locale": "en-GB",
        "timezone_id": "Europe/Oslo",
        "geolocation": BERGEN,
        "permissions": ["geolocation", "background-sync"],
        **extra,
    }


def wait_until(page, script, arg=None, timeout=20):
    """Poll an async page script until it is truthy (wait_for_function does not await)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(script, arg)
        except PlaywrightError as error:  # the page navigated meanwhile: ask the next one
            if "context was destroyed" not in str(error):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout}s: {script[:80]}")
        page.wait_for_timeout(200)


class Phone:
    """One tab on the rep's phone."""

    def __init__(self, page):
        self.page = page

    def login(self, email, password=PASSWORD):
        """Log in from the login page and land on the page it leads to."""
        page = self.page
        if "/login" not in page.url:
            page.goto("/login")
        page.fill("#email", email)
        page.fill("#password", password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/login" not in url)

    def logout(self):
        """Log out from the account menu and land on the login page."""
        self.page.locator(".menu summary").click()
        self.page.get_by_role("button", name="Log out").click()
        self.page.wait_for_url("**/login")

    def ready(self, *urls):
        """Wait until the service worker controls the page and has saved `urls`."""
        self.page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        # Not wait_for_function: its polling evaluates a string, which the app's CSP refuses
        # when the page navigates meanwhile.
        controlled = "navigator.serviceWorker.controller !== null"
        try:
            wait_until(self.page, controlled, timeout=5)
        except AssertionError:
            # A page whose navigation was under way while the worker activated may stay
            # uncontrolled in Chromium (clients.claim() misses it); the next load is not.
            self.page.reload()
            wait_until(self.page, controlled)
        if urls:
            wait_until(self.page, SAVED, list(urls))

    def offline(self, flag=True):
        """Take the whole context (pages and service worker) off or back on the network."""
        self.page.context.set_offline(flag)

    def mark_page(self):
        """Mark the page in the tab, to learn later whether it was loaded again."""
        self.page.evaluate("window.folkaMarked = true")

    def wait_reloaded(self, timeout=20):
        """Wait until the marked page has given way to a new one (a reload or navigation)."""
        wait_until(
            self.page, "document.readyState === 'complete' && !window.folkaMarked", timeout=timeout
        )

    def outbox(self):
        """The outbox records on this phone, oldest first."""
        return self.page.evaluate(OUTBOX)

    def wait_outbox(self, count, timeout=30):
        """Wait until the outbox holds `count` records."""
        script = f"{OUTBOX}.then((records) => records.length === {count})"
        wait_until(self.page, script, timeout=timeout)

    def status(self):
        """The sync bar under the top bar (shown only when something waits or failed)."""
        return self.page.locator("#sync-status")

    def sync_button(self):
        """The top bar's sync button: "Synced" when all is synced, else "Sync now"."""
        return self.page.locator("header [data-sync-now]")

    def expect_synced(self):
        """The top bar says "Synced" and the sync bar is gone."""
        expect(self.sync_button()).to_have_accessible_name("Synced")
        expect(self.status()).to_be_hidden()

    def sync_now(self):
        """Tap the top bar's sync button (push, then refresh every saved page)."""
        self.sync_button().click()

    def check_in(self):
        """Tap Check in and see it confirmed at once."""
        self.page.get_by_role("button", name="Check in").click()
        expect(self.page.locator("#toast")).to_have_text(SAVED_ON_PHONE, timeout=1500)
        expect(self.page.get_by_role("button", name="Check out")).to_be_visible()

    def check_in_offline(self, field):
        """Logged in as the field's rep, with pages saved: go offline and check in at Fjord."""
        self.login(field["rep"]["email"])
        self.ready(field["briefing"])
        self.offline()
        self.page.goto(field["briefing"])
        self.check_in()

    def write_note(self, body, topic=None, promise=None, due_in_days=7):
        """From the briefing: Write note, fill it in, save; back on the briefing."""
        page = self.page
        page.get_by_role("link", name="Write note").click()
        page.wait_for_url("**/note**")
        page.fill("#body", body)
        if topic:
            page.get_by_label(topic, exact=True).check()
        if promise:
            due = datetime.date.today() + datetime.timedelta(days=due_in_days)
            page.fill("#promise_text", promise)
            page.fill("#promise_due", due.isoformat())
        page.get_by_role("button", name="Save note").click()
        page.wait_for_url(lambda url: "/note" not in url)


def make_promise(db, client_id, user_id, text="Send the brochure", due_in_days=3):
    """An open promise made at an earlier visit; returns its id."""
    promise_id = str(uuid.uuid4())
    now = timeutil.now_iso()
    due = (datetime.date.today() + datetime.timedelta(days=due_in_days)).isoformat()
    with transaction(db):
        db["promises"].insert(
            {
                "id": promise_id,
                "client_id": client_id,
                "user_id": user_id,
                "text": text,
                "due_date": due,
                "made_at": now,
                "received_at": now,
            }
        )
    return promise_id
