"""The weekly review on a phone, a tablet and a manager's screens: every figure can be read."""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from phone import Phone
from phone import expect

from tests import review_data
from webapp import timeutil
from webapp.db import transaction
from webapp.review import weeks

pytestmark = pytest.mark.browser

OSLO = ZoneInfo("Europe/Oslo")
#: Eight weeks of a rep's visits, oldest first, and how many of them had a personal touch:
#: the rate line runs through the bars' figures (its first marker sat on the "3").
VISITS = [3, 2, 2, 1, 1, 1, 1, 5]
PERSONAL = [1, 1, 0, 1, 1, 0, 1, 4]


def last_week():
    """The week before this one, in the users' zone: eight weeks of it are all over."""
    return weeks.week_of(timeutil.now(), OSLO).shift(-1)


def utc(day, hour):
    """'2026-11-02 09:00' in UTC for a local hour of a local day in Oslo."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=OSLO)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M")


class Builder(review_data.Builder):
    """The fixed week's builder, with ids that differ between tests on one server."""

    def _id(self, kind):
        return str(uuid.uuid4())


@pytest.fixture
def eight_weeks(db, make):
    """A rep whose last eight weeks hold VISITS visits, PERSONAL of them with a personal topic."""
    team = make.team()
    rep = make.user("rep", team)
    client = make.client(team, rep["id"], name="Fjord Rør AS")
    topic = make.topic(make.contact(client, name="Anna Berg"), "Golf")
    build = Builder(db)
    end = last_week()
    for back, (visits, personal) in enumerate(zip(VISITS[::-1], PERSONAL[::-1], strict=True)):
        monday = end.shift(-back).monday
        for i in range(visits):
            start = utc(monday + datetime.timedelta(days=i % 5), 9 + i // 5)
            finish = utc(monday + datetime.timedelta(days=i % 5), 10 + i // 5)
            visit = build.visit(client, rep["id"], start, finish)
            if i < personal:
                build.note(client, rep["id"], finish, "Golf.", visit, topics=[(topic, "open")])
    return {"rep": rep, "week": str(end)}


#: Each bar's figure that a marker of the rate line or the line itself covers.
COVERED = """() => {
  const svg = document.querySelector("#chart-trend svg");
  const lines = [...svg.querySelectorAll(".chart-line")];
  const rim = 1.25;  // half the marker's stroke, outside its box
  const marks = [...svg.querySelectorAll(".chart-dot")].map((dot) => {
    const { x, y, width, height } = dot.getBBox();
    return { x: x - rim, y: y - rim, width: width + 2 * rim, height: height + 2 * rim };
  });
  const meets = (a, b) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  const covered = [];
  for (const figure of svg.querySelectorAll(".chart-value")) {
    // The digits' ink: the box's width, from the baseline up to the height of a digit.
    const box = figure.getBBox(), baseline = Number(figure.getAttribute("y"));
    const ink = { x: box.x, y: baseline - 9, width: box.width, height: 9 };
    const marked = marks.some((mark) => meets(ink, mark));
    let crossed = false;
    for (let x = ink.x; x <= ink.x + ink.width; x += 1)
      for (let y = ink.y; y <= ink.y + ink.height; y += 1)
        crossed ||= lines.some((line) => line.isPointInStroke(new DOMPoint(x, y)));
    if (marked || crossed) covered.push(`${figure.textContent} at x=${figure.getAttribute("x")}`);
  }
  return covered;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_marker_or_line_of_the_trend_covers_a_bars_figure(make_context, eight_weeks, scheme):
    page = make_context(color_scheme=scheme, viewport={"width": 1440, "height": 900}).new_page()
    Phone(page).login(eight_weeks["rep"]["email"])
    page.goto(f"/review?week={eight_weeks['week']}")
    values = page.locator("#chart-trend .chart-value").all_text_contents()
    assert values == [str(n) for n in VISITS]
    assert page.evaluate(COVERED) == []


@pytest.fixture
def team_week(db, make):
    """A manager's team in last week: two reps with visits, notes and overdue promises.

    Called with the manager's language; returns the users and the week."""

    def build(locale="en"):
        team = make.team()
        manager = make.user("manager", team, locale=locale)
        reps = [make.user("rep", team, locale=locale) for _ in range(2)]
        names = ["Katarzyna Lewandowska-Wiśniewska", "Ola Nordmann"]
        with transaction(db):
            for rep, name in zip(reps, names, strict=True):
                db["users"].update(rep["id"], {"name": name})
        build = Builder(db)
        week = last_week()
        for n, rep in enumerate(reps):
            client = make.client(team, rep["id"], name=f"Zakład Mechaniczny Nowak {n} sp. z o.o.")
            for day in range(4):
                monday = week.monday + datetime.timedelta(days=day)
                visit = build.visit(client, rep["id"], utc(monday, 9), utc(monday, 10 + n))
                build.note(client, rep["id"], utc(monday, 10 + n), "Spring order.", visit)
            made, due = utc(week.monday, 11), (week.monday - datetime.timedelta(days=3)).isoformat()
            build.promise(client, rep["id"], "Send the price list", made, due)
        return {"manager": manager, "reps": reps, "week": str(week)}

    return build


def open_review(make_context, user, url, width, **options):
    """A browser `width` px wide, logged in as `user`, on the review page `url`."""
    page = make_context(viewport={"width": width, "height": 900}, **options).new_page()
    Phone(page).login(user["email"])
    page.goto(url)
    return page


#: What the page shows of each row of a table: whether each cell lies inside the window and
#: inside its scroll region's visible part, and where the row's title and flag sit.
ROWS = """(selector) => {
  const table = document.querySelector(selector);
  const region = table.closest("[data-scroll-region]").getBoundingClientRect();
  return [...table.querySelectorAll("tbody tr, tfoot tr")].map((row) => {
    const cells = [...row.children].map((cell) => {
      const box = cell.getBoundingClientRect();
      const inside = box.left >= region.left - 0.5 && box.right <= region.right + 0.5;
      const whole = box.width > 0 && cell.scrollWidth <= cell.clientWidth + 1;
      return { text: cell.innerText.trim(), label: getComputedStyle(cell, "::before").content,
               shown: inside && whole && box.right <= innerWidth };
    });
    const title = row.querySelector(".card-title")?.getBoundingClientRect();
    const flag = row.querySelector(".card-flag")?.getBoundingClientRect();
    const level = title && flag && Math.abs(title.top - flag.top) < 8;
    return { cells, beside: Boolean(level && flag.left > title.left) };
  });
}"""


@pytest.mark.parametrize(("width", "locale"), [(390, "en"), (360, "pl"), (360, "fi"), (768, "pl")])
def test_on_a_phone_or_tablet_each_person_is_a_card_with_every_figure_in_view(
    make_context, team_week, width, locale
):
    team = team_week(locale)
    page = open_review(make_context, team["manager"], f"/review?week={team['week']}", width)
    rows = page.evaluate(ROWS, ".team-table")
    assert len(rows) == 3  # two people and the team
    for row in rows:
        assert [cell for cell in row["cells"] if not cell["shown"]] == []
        assert row["beside"], "the overdue figure stands beside the name"
        labels = [cell["label"] for cell in row["cells"][1:]]
        assert all(label not in ("none", "normal", "") for label in labels), labels
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1024, 1440])
def test_at_a_desk_every_column_of_the_team_is_in_view(make_context, team_week, width):
    team = team_week("en")
    page = open_review(make_context, team["manager"], f"/review?week={team['week']}", width)
    heads = page.evaluate(
        """() => {
          const region = document.querySelector(".team-table").closest("[data-scroll-region]");
          const edge = region.getBoundingClientRect().right;
          return [...document.querySelectorAll(".team-table thead th")]
            .filter((th) => th.getBoundingClientRect().right > edge + 0.5)
            .map((th) => th.innerText);
        }"""
    )
    assert heads == []
    rows = page.evaluate(ROWS, ".team-table")
    assert all(cell["shown"] for row in rows for cell in row["cells"])


def test_the_visits_of_a_rep_are_cards_on_a_phone_with_their_time_whole(make_context, team_week):
    team = team_week("fi")
    rep = team["reps"][1]
    page = open_review(make_context, rep, f"/review?week={team['week']}", 360)
    rows = page.evaluate(ROWS, ".visits-table")
    assert len(rows) == 4
    for row in rows:
        assert [cell for cell in row["cells"] if not cell["shown"]] == []
        assert row["cells"][2]["text"] == "2\u00a0t"  # the time of a two-hour visit, whole


#: axe-core's scrollable-region-focusable, and a name for the region: every element that
#: scrolls must be a tab stop or hold one, and a scroll region must be named.
UNREACHABLE = """() => {
  const scrolls = (el) => {
    const style = getComputedStyle(el);
    return (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      || (["auto", "scroll"].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  };
  const focusable = "a[href], button, input, select, textarea, summary, [tabindex]";
  const named = (el) => (el.getAttribute("aria-labelledby") || "").split(" ")
    .map((id) => document.getElementById(id)?.textContent.trim()).join(" ").trim()
    || el.getAttribute("aria-label");
  return [...document.querySelectorAll("main *")].filter(scrolls).filter((el) => {
    const reachable = el.tabIndex >= 0 || el.querySelector(focusable);
    return !reachable || (el.matches("[data-scroll-region]") && !(el.tabIndex >= 0 && named(el)));
  }).map((el) => el.outerHTML.slice(0, 80));
}"""


@pytest.mark.parametrize(
    ("width", "locale"), [(360, "fi"), (390, "en"), (768, "pl"), (1024, "fi"), (1440, "en")]
)
def test_every_region_that_scrolls_is_a_named_tab_stop(make_context, team_week, width, locale):
    team = team_week(locale)
    for user, url in [(team["manager"], "/review"), (team["reps"][0], "/review")]:
        page = open_review(make_context, user, f"{url}?week={team['week']}", width)
        for details in page.locator("details.chart-data:not([open]) > summary").all():
            if details.is_visible():
                details.click()
        assert page.evaluate(UNREACHABLE) == [], (user, width)


def test_on_a_phone_a_charts_table_is_behind_show_table_and_scrolls_by_keyboard(
    make_context, eight_weeks
):
    url = f"/review?week={eight_weeks['week']}"
    page = open_review(make_context, eight_weeks["rep"], url, 360)
    chart = page.locator("#chart-trend")
    expect(chart.locator("table")).to_be_hidden()
    chart.get_by_text("Show table").click()
    expect(chart.locator("table")).to_be_visible()
    expect(chart.get_by_text("Hide table")).to_be_visible()
    expect(chart.get_by_text("Show table")).to_be_hidden()
    region = page.get_by_role("region", name="Visits and personal touch, last 8 weeks, as a table")
    frame = chart.locator(".scroll-frame")
    expect(region).to_have_attribute("tabindex", "0")
    expect(frame).to_have_class(re.compile(r"\bmore-after\b"))  # the right edge fades
    page.keyboard.press("Tab")  # from the summary just clicked to the table's region
    expect(region).to_be_focused()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(frame).not_to_have_class(re.compile(r"\bmore-after\b"))
    expect(frame).to_have_class(re.compile(r"\bmore-before\b"))


def test_at_a_desk_the_charts_tables_show_and_a_table_that_fits_is_no_tab_stop(
    make_context, eight_weeks
):
    url = f"/review?week={eight_weeks['week']}"
    page = open_review(make_context, eight_weeks["rep"], url, 1440)
    for chart in ("#chart-weekday", "#chart-trend"):
        expect(page.locator(f"{chart} table")).to_be_visible()
        expect(page.locator(f"{chart} summary")).to_be_hidden()
    regions = page.locator("[data-scroll-region]")
    expect(regions.first).not_to_have_attribute("tabindex", "0")
    assert page.evaluate(
        "[...document.querySelectorAll('[data-scroll-region]')].map((r) => r.tabIndex)"
    ) == [-1, -1, -1]


@pytest.mark.parametrize("locale", ["en", "pl"])
def test_the_team_prints_on_a4_with_every_column(make_context, team_week, locale):
    team = team_week(locale)
    # A4 less 12 mm margins each side, at 96 px an inch.
    page = open_review(make_context, team["manager"], f"/review?week={team['week']}", 703)
    page.emulate_media(media="print")
    expect(page.locator(".chart-data table").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 703
    # On paper the team is a table: one line a person under the column headings.
    heads = page.evaluate(
        """[...document.querySelectorAll(".team-table thead th")].map((th) => {
          const box = th.getBoundingClientRect();
          const seen = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
          return th.contains(seen) && box.right <= 703;
        })"""
    )
    assert heads == [True] * 11
    rows = page.evaluate(ROWS, ".team-table")
    assert all(cell["shown"] for row in rows for cell in row["cells"])


@pytest.mark.parametrize(("width", "locale"), [(360, "fi"), (768, "pl"), (1440, "pl")])
def test_every_figure_and_its_name_fit_in_their_card(make_context, team_week, width, locale):
    team = team_week(locale)
    page = open_review(make_context, team["manager"], f"/review?week={team['week']}", width)
    overflowing = page.evaluate(
        """[...document.querySelectorAll(".stat")].filter((card) => {
          // The card's content edge: text may not run into its padding.
          const padding = parseFloat(getComputedStyle(card).paddingRight);
          const edge = card.getBoundingClientRect().right - padding;
          const text = document.createRange();
          text.selectNodeContents(card);
          return [...text.getClientRects()].some((line) => line.right > edge + 0.5);
        }).map((card) => card.innerText.split("\\n")[0])"""
    )
    assert overflowing == []
