"""A local stand-in for the map's tile server, so measuring the map page sends nothing away.

OpenStreetMap's tile server asks for light use only, and a benchmark that fetched its tiles
would measure someone else's network. Every GET answers the same 256 px PNG of about the
size of a city tile (some 16 KB: two bits of noise per pixel do not compress), so Lighthouse
weighs and times tiles close to what a phone downloads.
"""

import contextlib
import http.server
import random
import struct
import threading
import zlib

SIZE = 256


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def tile_png(seed=0):
    """A 256 × 256 greyscale PNG, four shades of grey at random."""
    rng = random.Random(seed)
    shades = (0xE8, 0xEE, 0xF2, 0xF8)
    rows = b"".join(b"\0" + bytes(rng.choice(shades) for _ in range(SIZE)) for _ in range(SIZE))
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 9))
        + _chunk(b"IEND", b"")
    )


class _Tiles(http.server.BaseHTTPRequestHandler):
    png = b""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.png)))
        self.send_header("Cache-Control", "max-age=86400")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(self.png)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def stub():
    """Serve tiles on 127.0.0.1 in a thread; yields the {z}/{x}/{y} URL for MAP_TILE_URL."""
    _Tiles.png = tile_png()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
    finally:
        server.shutdown()
        server.server_close()
