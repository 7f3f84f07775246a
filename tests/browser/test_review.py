"""The weekly review on a phone, a tablet and a manager's screens: every figure can be read."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from phone import Phone

from tests import review_data
from webapp import timeutil
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
