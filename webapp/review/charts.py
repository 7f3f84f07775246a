"""Charts for the weekly review, drawn on the server as accessible SVG.

Each function returns a plain dict: the SVG's geometry (numbers in viewBox units), its
title and description, and the same figures as table rows, so the `chart` macro in
review/_macros.html can draw the picture and put the table beside it. No script, no inline
style: colours come from classes in folka.css, so the charts follow light and dark.
"""

import functools
import itertools

from babel import dates
from flask_babel import format_decimal
from flask_babel import format_percent
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext

# viewBox sizes, chosen so that on a wide screen one unit is about one CSS pixel.
WEEKDAY_WIDTH, TREND_WIDTH, HEIGHT = 340, 480, 210
TOP, BOTTOM, LEFT, RIGHT = 22, 30, 34, 12
#: A bar at least this tall carries its figure inside, clear of the trend line above.
INSIDE = 20
#: A bar's figure (12 px, folka's review.css) around its baseline y: from y - ASCENT to
#: y + DESCENT, and DIGIT wide per character, in viewBox units.
ASCENT, DESCENT, DIGIT = 10, 2, 7.5
#: Half the size of the trend line's marker (r = 4, stroke 2.5) and of its stroke, plus a gap.
MARKER, STROKE = 5.5, 2.5


def counter():
    """format_decimal for counts in the request's language, fast for the many small ones:
    where the language writes 999 as "999", every count from 0 to 999 is written as Python
    writes it. A fresh cache per call: one page, one language; Babel takes tens of
    microseconds a number, and a team's review formats the same few many times."""
    number = functools.cache(format_decimal)
    plain = format_decimal(999) == "999"

    def count(value):
        if plain and type(value) is int and 0 <= value <= 999:
            return str(value)
        return number(value)

    return count


def weekday_names(width="wide"):
    """Monday to Sunday in the request's language ("abbreviated" or "wide")."""
    names = dates.get_day_names(width, context="stand-alone", locale=get_locale())
    return [names[i] for i in range(7)]


def _scale(maximum, steps=4):
    """A tidy axis top and step for counts up to `maximum`: 4 → (4, 1), 9 → (12, 3)."""
    for step in itertools.chain((1, 2, 3, 5), itertools.count(10, 5)):
        if step * steps >= maximum:
            return step * steps, step


def _slots(count, left, right):
    """Centre x and bar width for `count` evenly spaced bars between x = left and right."""
    slot = (right - left) / count
    return [left + slot * (i + 0.5) for i in range(count)], slot * 0.56


def _y(value, top_value):
    """The y of a count on an axis from 0 (bottom) to top_value (top)."""
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / top_value


def _grid(top_value, step, count):
    return [
        {"y": round(_y(v, top_value), 1), "label": count(v)} for v in range(0, top_value + 1, step)
    ]


def _bar(x, width, value, top_value, label, count, classes="chart-bar"):
    y = _y(value, top_value)
    height = HEIGHT - BOTTOM - y
    bar = {
        "x": round(x - width / 2, 1),
        "y": round(y, 1),
        "width": round(width, 1),
        "height": round(height, 1),
        "cx": round(x, 1),
        "value": count(value),
        "label": label,
        "class": classes,
    }
    return _place_value(bar, y + 15 if height >= INSIDE else y - 6)


def _place_value(bar, value_y):
    """Put the bar's figure with its baseline at `value_y`: inside the bar when it fits there
    (light on today's or the current bar), above it otherwise."""
    top, bottom = value_y - ASCENT, value_y + DESCENT
    inside = top >= bar["y"] and bottom <= bar["y"] + bar["height"]
    strong = "today" in bar["class"] or "current" in bar["class"]
    bar["value_y"] = round(value_y, 1)
    bar["value_class"] = "chart-value" + (
        " inside strong" if inside and strong else " inside" if inside else ""
    )
    return bar


def _line_span(points, x_from, x_to):
    """The lowest and highest y of a polyline between x_from and x_to (None where it is not)."""
    ys = []
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        lo, hi = max(min(x1, x2), x_from), min(max(x1, x2), x_to)
        if lo > hi:
            continue
        for x in (lo, hi):
            ys.append(y1 if x1 == x2 else y1 + (y2 - y1) * (x - x1) / (x2 - x1))
    return (min(ys), max(ys)) if ys else None


def _clear_of_line(bar, segments):
    """Move the bar's figure off the trend line and its markers, to the free place nearest
    where it would be: a figure under a marker cannot be read."""
    half = DIGIT * len(bar["value"]) / 2
    spans = []
    for points in segments:
        xy = [(p["x"], p["y"]) for p in points]
        span = _line_span(xy, bar["cx"] - half, bar["cx"] + half)
        if span:
            spans.append((span[0] - STROKE, span[1] + STROKE))
        spans += [(y - MARKER, y + MARKER) for x, y in xy if abs(x - bar["cx"]) < half + MARKER]

    def free(y):
        top, bottom = y - ASCENT, y + DESCENT
        straddles = top < bar["y"] < bottom
        return top >= 0 and not straddles and all(bottom <= a or top >= b for a, b in spans)

    wanted = bar["value_y"]
    if free(wanted):
        return bar
    baseline = bar["y"] + bar["height"]
    places = [bar["y"] - 6, baseline - 5, bar["y"] + 15]
    places += [a - DESCENT - 1 for a, _b in spans] + [b + ASCENT + 1 for _a, b in spans]
    fitting = [y for y in places if free(y) and y + DESCENT <= baseline]
    if fitting:
        _place_value(bar, min(fitting, key=lambda y: abs(y - wanted)))
    return bar


def weekday_chart(counts, week, today=None):
    """Bars of visits per weekday, Monday first; today's bar marked while the week runs."""
    short, wide, count = weekday_names("abbreviated"), weekday_names("wide"), counter()
    top_value, step = _scale(max(counts))
    centres, width = _slots(7, LEFT, WEEKDAY_WIDTH - RIGHT)
    bars = []
    for i, (visits, day) in enumerate(zip(counts, week.days, strict=True)):
        classes = "chart-bar today" if day == today else "chart-bar"
        bars.append(_bar(centres[i], width, visits, top_value, short[i], count, classes))
    figures = ", ".join(f"{wide[i]} {count(c)}" for i, c in enumerate(counts))
    return {
        "id": "chart-weekday",
        "width": WEEKDAY_WIDTH,
        "height": HEIGHT,
        "title": _("Visits per weekday"),
        "desc": _(
            "Visits per weekday in week %(num)d: %(figures)s. In all: %(total)s.",
            num=week.number,
            figures=figures,
            total=count(sum(counts)),
        ),
        "grid": _grid(top_value, step, count),
        "bars": bars,
        "baseline": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 10,
        "left": LEFT,
        "right": WEEKDAY_WIDTH - RIGHT,
        "table": {
            "corner": _("Day"),
            "columns": [{"label": short[i], "title": wide[i]} for i in range(7)],
            "rows": [{"label": _("Visits"), "cells": [count(c) for c in counts]}],
        },
    }


def _rate_y(rate):
    return _y(rate * 100, 100)


def trend_chart(weeks):
    """Bars of visits per week and a line of the personal-touch rate (right axis, 0–100 %)."""
    right = TREND_WIDTH - RIGHT - 30  # room for the percentages on the right axis
    top_value, step = _scale(max(w["visits"] for w in weeks))
    centres, width = _slots(len(weeks), LEFT, right)
    count = counter()
    bars, points, segments, columns, visits, rates, said = [], [], [], [], [], [], []
    for i, item in enumerate(weeks):
        number = item["week"].number
        label = _("W%(num)d", num=number)
        classes = "chart-bar" if i < len(weeks) - 1 else "chart-bar current"
        bars.append(_bar(centres[i], width, item["visits"], top_value, label, count, classes))
        rate = format_percent(item["rate"]) if item["rate"] is not None else "–"
        if item["rate"] is None:
            points = []  # a week without visits has no rate: the line breaks there
        else:
            point = {"x": round(centres[i], 1), "y": round(_rate_y(item["rate"]), 1)}
            if not points:
                segments.append(points)
            points.append(point)
        columns.append({"label": label, "title": _("Week %(num)d", num=number)})
        visits.append(count(item["visits"]))
        rates.append(rate)
        said.append(
            # Translators: "personal touch" is the share of visits in which a personal topic
            # came up; use the glossary's term.
            ngettext(
                "week %(week)d: %(num)d visit, personal touch %(rate)s",
                "week %(week)d: %(num)d visits, personal touch %(rate)s",
                item["visits"],
                week=number,
                rate=rate,
            )
        )
    for bar in bars:
        _clear_of_line(bar, segments)
    return {
        "id": "chart-trend",
        "width": TREND_WIDTH,
        "height": HEIGHT,
        "title": ngettext(
            "Visits and personal touch, last %(num)d week",
            "Visits and personal touch, last %(num)d weeks",
            len(weeks),
        ),
        "desc": "; ".join(said) + ".",
        "grid": _grid(top_value, step, count),
        "rate_ticks": [
            {"y": round(_rate_y(r), 1), "label": format_percent(r)} for r in (0, 0.5, 1)
        ],
        "bars": bars,
        "lines": [" ".join(f"{p['x']},{p['y']}" for p in seg) for seg in segments],
        "dots": [p for seg in segments for p in seg],
        "baseline": HEIGHT - BOTTOM,
        "label_y": HEIGHT - 10,
        "left": LEFT,
        "right": right,
        "rate_x": right + 6,
        "table": {
            "corner": _("Week"),
            "columns": columns,
            "rows": [
                {"label": _("Visits"), "cells": visits},
                {"label": _("Personal touch"), "cells": rates},
            ],
        },
    }
