"""Memory and time of refusing an oversized webhook post without the secret, PTB's built-in
webhook server ("before") against ours (bot/telegram/webhook.py, "after").

Each server runs in a child process of its own, so its peak RSS (VmHWM) is its own: the
child starts the server on a free localhost port, posts a 99 MB body with no secret-token
header from the same process, and reports the status, the seconds to the answer and its
RSS before the post (the 99 MB body already built) and at peak during it. Also: the status a malformed JSON body with the right secret gets.
Prints figures; exit 0.  Usage: python -m benchmarks.bench_webhook_guard
"""

from __future__ import annotations

import asyncio
import json
import socket
import subprocess
import sys
import time

BODY_MB = 99
SECRET = "bench-secret"


def _rss_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> None:
    """Start VmHWM afresh from the current RSS (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _post(port: int, body: bytes, secret: str | None) -> tuple[int, float]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = [
        "POST /hook HTTP/1.1",
        "Host: 127.0.0.1",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if secret:
        head.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    started = time.monotonic()
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())

    async def send() -> None:
        view = memoryview(body)
        for start in range(0, len(body), 1 << 20):
            writer.write(view[start : start + (1 << 20)])
            try:
                await writer.drain()
            except ConnectionError:
                return

    sender = asyncio.create_task(send())
    line = await asyncio.wait_for(reader.readline(), timeout=120)
    elapsed = time.monotonic() - started
    sender.cancel()
    writer.close()
    return int(line.split()[1]), elapsed


async def _child(kind: str) -> dict[str, object]:
    from telegram.ext import Application

    port = _free_port()
    application = Application.builder().token("123456:bench-token").updater(None).build()
    if kind == "ptb":
        from telegram.ext._utils.webhookhandler import WebhookAppClass, WebhookServer

        app = WebhookAppClass("/hook", application.bot, application.update_queue, SECRET)
        ptb = WebhookServer("127.0.0.1", port, app, None)
        await ptb.serve_forever()
        stop = ptb.shutdown
    else:
        from bot.telegram.webhook import WebhookServer as Ours

        ours = Ours(application, listen="127.0.0.1", port=port, url_path="hook", secret=SECRET)
        await ours.start()
        stop = ours.stop
    body = b'{"update_id": 1, "pad": "' + b"x" * (BODY_MB * 1024 * 1024) + b'"}'
    _reset_peak()  # building the body here is not the server's doing
    before = _rss_mb("VmRSS")
    status, seconds = await _post(port, body, secret=None)
    peak = _rss_mb("VmHWM")
    malformed, _ = await _post(port, b"{not json", secret=SECRET)
    await stop()
    return {
        "server": kind,
        "status_no_secret": status,
        "seconds": round(seconds, 3),
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(peak, 1),
        "status_malformed_json": malformed,
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("ptb", "ours"):
        print(json.dumps(asyncio.run(_child(sys.argv[1]))))
        return
    print(f"webhook post of {BODY_MB} MB without the secret header (each server in its own process)")
    for kind, label in (("ptb", "before: PTB built-in"), ("ours", "after: bot/telegram/webhook")):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_webhook_guard", kind],
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode != 0:
            print(f"{label}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{label:30} status {r['status_no_secret']} in {r['seconds']:.3f} s, "
            f"RSS {r['rss_before_mb']:.0f} → peak {r['rss_peak_mb']:.0f} MB; "
            f"malformed JSON → {r['status_malformed_json']}"
        )


if __name__ == "__main__":
    main()
