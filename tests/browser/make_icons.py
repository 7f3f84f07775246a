"""Draw Folka's PNG icons from static/icons/icon.svg with Chromium (no image library needed).

Run once after changing the SVG: `.venv/bin/python tests/browser/make_icons.py`; commit the PNGs.
"any" icons keep the SVG's rounded corners; maskable and Apple icons are full-bleed squares
with the figures inside the central safe zone (a circle of 80% of the width).
"""

import pathlib
import re

from playwright.sync_api import sync_playwright

ICONS = pathlib.Path(__file__).resolve().parents[2] / "static" / "icons"
BRAND = "#1f5f5b"


def _glyph(svg):
    """The SVG's figures without its background square."""
    inner = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    return re.sub(r"<rect[^>]*/>", "", inner, count=1)


def _full_bleed(svg, scale):
    """A square background with the figures scaled around their centre (32.5, 33.5)."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" fill="{BRAND}"/>'
        f'<g transform="translate(32 32) scale({scale}) translate(-32.5 -33.5)">{_glyph(svg)}</g>'
        "</svg>"
    )


def main():
    """Write icon-192/512, maskable-192/512 and apple-touch-icon (180) PNGs."""
    svg = (ICONS / "icon.svg").read_text()
    jobs = [
        ("icon-192.png", 192, svg),
        ("icon-512.png", 512, svg),
        ("maskable-192.png", 192, _full_bleed(svg, 0.72)),
        ("maskable-512.png", 512, _full_bleed(svg, 0.72)),
        ("apple-touch-icon.png", 180, _full_bleed(svg, 0.86)),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        for name, size, source in jobs:
            page.set_viewport_size({"width": size, "height": size})
            sized = source.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(f"<style>*{{margin:0}}svg{{display:block}}</style>{sized}")
            page.screenshot(path=str(ICONS / name), omit_background=True)
            print("wrote", name)
        browser.close()


if __name__ == "__main__":
    main()
