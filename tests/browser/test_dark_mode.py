"""Dark mode: the app's bar is the colour the browser paints its own bar (theme-color)."""

import pytest
from phone import Phone

pytestmark = pytest.mark.browser

#: The page's bar colour and the theme-color the browser picks for this colour scheme.
COLOURS = """() => {
  const rgb = (colour) => {
    const probe = document.createElement("i");
    probe.style.color = colour;
    document.body.append(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  };
  const meta = [...document.querySelectorAll('meta[name="theme-color"]')]
    .find((m) => !m.media || matchMedia(m.media).matches);
  return { bar: getComputedStyle(document.querySelector("header.bar")).backgroundColor,
           theme: rgb(meta.content) };
}"""


@pytest.mark.parametrize("scheme", ["dark", "light"])
@pytest.mark.parametrize("url", ["/", "/review"])
def test_the_bar_has_the_browsers_theme_colour(make_context, field, scheme, url):
    page = make_context(color_scheme=scheme, service_workers="block").new_page()
    Phone(page).login(field["rep"]["email"])
    page.goto(url)
    colours = page.evaluate(COLOURS)
    assert colours["bar"] == colours["theme"], colours
