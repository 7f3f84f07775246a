"""A slow mobile network between Chromium and gunicorn, for bench/saved_pages.py.

A TCP proxy on 127.0.0.1 that gives every byte the way a phone's link would: one shared
downlink and one shared uplink of a fixed rate (bytes wait their turn across all
connections), and a fixed one-way latency on top (half the round trip each way). It sits
under the browser, so the service worker's own fetches are slowed like the page's —
Chromium's DevTools throttling applies to one target at a time. It also counts what crossed:
bytes each way and each request's first line (gunicorn closes every connection after one
answer, so a connection is a request).
"""

import asyncio
import threading
import time

#: "Slow 4G", as Chrome's DevTools and Lighthouse define it.
SLOW_4G = {"rtt_ms": 150, "down_kbps": 1600, "up_kbps": 750}
CHUNK = 16 * 1024


class Throttle:
    """The proxy, in a thread of its own; `port` is where the browser connects."""

    def __init__(self, upstream_port, rtt_ms, down_kbps, up_kbps):
        self.upstream_port = upstream_port
        self.one_way = rtt_ms / 2000
        self.rates = {"down": down_kbps * 1000 / 8, "up": up_kbps * 1000 / 8}
        self.loop = asyncio.new_event_loop()
        self.port = None
        self.reset()
        started = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self.thread.start()
        started.wait(10)

    def reset(self):
        """Start counting afresh."""
        self.counts = {"down": 0, "up": 0}
        self.requests = []
        self.free = {"down": 0.0, "up": 0.0}  # when each link is next idle (loop time)

    def figures(self):
        """Bytes each way and the requests since the last reset."""
        return {
            "bytes_down": self.counts["down"],
            "bytes_up": self.counts["up"],
            "requests": len(self.requests),
            "request_lines": list(self.requests),
        }

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def _run(self, started):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()
        server.close()

    async def _serve(self, client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            self._pipe(client_reader, up_writer, "up"),
            self._pipe(up_reader, client_writer, "down"),
            return_exceptions=True,
        )

    async def _pipe(self, reader, writer, direction):
        queue = asyncio.Queue()
        sender = asyncio.ensure_future(self._send(queue, writer))
        first = direction == "up"
        try:
            while data := await reader.read(CHUNK):
                if first:
                    self.requests.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
                    first = False
                self.counts[direction] += len(data)
                now = self.loop.time()
                start = max(now, self.free[direction])
                self.free[direction] = start + len(data) / self.rates[direction]
                await queue.put((self.free[direction] + self.one_way, data))
        except (ConnectionError, OSError):
            pass
        await queue.put(None)
        await sender

    async def _send(self, queue, writer):
        try:
            while (item := await queue.get()) is not None:
                due, data = item
                delay = due - self.loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                writer.write(data)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError):
            pass
        finally:
            await asyncio.sleep(0)
            writer.close()


def wait_quiet(throttle, seconds=1.0, limit=60):
    """Wait until nothing crossed the proxy for `seconds` (at most `limit`)."""
    deadline = time.monotonic() + limit
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = (throttle.counts["down"], throttle.counts["up"])
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            return
        time.sleep(0.1)
