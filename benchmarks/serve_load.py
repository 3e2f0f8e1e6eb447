"""Load test of `mtqa serve`: the server runs in its own process on 127.0.0.1; 50 concurrent clients send 500
checks of news paragraphs while 20 slow clients trickle request bodies a byte at a time. Prints p50/p95 latency,
the count of 200, 503 and any other answer, how the slow clients were cut off, and whether the server answers a
normal request normally afterwards. Bounded in count and time; it stops by itself.

    .venv/bin/python benchmarks/serve_load.py [--requests 500] [--clients 50] [--slow 20] [--max-seconds 600]
        [-- extra `mtqa serve` flags, e.g. --workers 2 --queue 8]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only
NORMAL = {"text": "The two leaders exchanged on Friday, said announced the ministry.", "language": "en-US"}


def paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "samples").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora" / "clean").glob("*.txt"))]
    return [p for t in texts for p in t.split("\n\n") if len(p.split()) >= 8]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(port: int, extra: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    cmd = [sys.executable, "-m", "mtqa.cli", "serve", "--host", HOST, "--port", str(port), *extra]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


async def wait_ready(client, proc: subprocess.Popen, limit: float = 180) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            if (await client.get("/v2/healthcheck", timeout=2)).status_code == 200:
                return
        except Exception:
            pass
        await asyncio.sleep(0.5)
    raise SystemExit(f"the server did not start within {limit:.0f} s")


async def load(client, texts: list[str], total: int, clients: int, stop_at: float):
    latencies: list[float] = []
    statuses: Counter = Counter()
    issued = 0

    async def one_client() -> None:
        nonlocal issued
        while issued < total and time.monotonic() < stop_at:
            n = issued
            issued += 1
            t0 = time.perf_counter()
            try:
                r = await client.post("/v2/check", data={"text": texts[n % len(texts)], "language": "en-US"},
                                      timeout=max(1.0, stop_at - time.monotonic()))
                statuses[r.status_code] += 1
                if r.status_code == 200:
                    latencies.append(time.perf_counter() - t0)
            except Exception as exc:  # a hang or a reset counts as "other": the server must never do that
                statuses[type(exc).__name__] += 1

    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, statuses


async def slow_client(port: int, stop: asyncio.Event, outcomes: Counter, lifetimes: list[float]) -> None:
    """Sends a check's headers, then its body one byte every 0.3 s; starts again each time the server cuts it off."""
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError as exc:
            outcomes[f"cannot connect: {exc}"] += 1
            await asyncio.sleep(1)
            continue
        opened = time.monotonic()
        writer.write(f"POST /v2/check HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: 100000\r\n\r\ntext=".encode())
        answer = b""
        try:
            while not stop.is_set():
                writer.write(b"a")
                await writer.drain()
                try:
                    answer = await asyncio.wait_for(reader.read(200), 0.3)
                except asyncio.TimeoutError:
                    continue
                break
        except (ConnectionError, OSError):
            pass
        if not stop.is_set():
            lifetimes.append(time.monotonic() - opened)
            outcomes[answer.split(b"\r\n", 1)[0].decode("latin-1") or "closed without an answer"] += 1
        writer.close()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else (values or [float("nan")])[0]


async def main_async(args) -> int:
    import httpx

    port = free_port()
    proc = start_server(port, args.serve_flags)
    limits = httpx.Limits(max_connections=args.clients + 5, max_keepalive_connections=args.clients + 5)
    try:
        async with httpx.AsyncClient(base_url=f"http://{HOST}:{port}", limits=limits) as client:
            await wait_ready(client, proc)
            texts = paragraphs()
            stop_at = time.monotonic() + args.max_seconds
            stop = asyncio.Event()
            outcomes: Counter = Counter()
            lifetimes: list[float] = []
            slow = [asyncio.create_task(slow_client(port, stop, outcomes, lifetimes)) for _ in range(args.slow)]
            started = time.perf_counter()
            latencies, statuses = await load(client, texts, args.requests, args.clients, stop_at)
            elapsed = time.perf_counter() - started
            stop.set()
            if slow:
                await asyncio.wait(slow, timeout=5)
            after = await client.post("/v2/check", data=NORMAL, timeout=60)
            rules = {m["rule"]["id"] for m in after.json().get("matches", [])} if after.status_code == 200 else set()
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()

    other = {k: v for k, v in statuses.items() if k not in (200, 503)}
    sent = sum(statuses.values())
    print(f"mtqa serve under load on {HOST}: {sent} requests from {args.clients} concurrent clients in {elapsed:.1f} s "
          f"({sent / elapsed:.1f} requests/s), {args.slow} slow clients trickling bodies; serve flags: {' '.join(args.serve_flags) or '(defaults)'}")
    print(f"  200: {statuses[200]}   503 (busy, Retry-After): {statuses[503]}   other: {sum(other.values())} {other or ''}")
    if latencies:
        print(f"  latency of answered checks: p50 {percentile(latencies, 50) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms")
    if lifetimes:
        print(f"  slow clients cut off {len(lifetimes)} times after {min(lifetimes):.1f}-{max(lifetimes):.1f} s: {dict(outcomes)}")
    normal = after.status_code == 200 and {"CAL002", "REP003"} <= rules
    print(f"  a normal request afterwards: {after.status_code}, {'findings as expected' if normal else 'WRONG: ' + str(sorted(rules))}")
    ok = not other and sent == args.requests and normal
    print("PASS: every request got a result or a 503" if ok else "FAIL")
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--slow", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long, whatever is left")
    ap.add_argument("serve_flags", nargs=argparse.REMAINDER, help="after --: flags passed to mtqa serve")
    args = ap.parse_args()
    args.serve_flags = [f for f in args.serve_flags if f != "--"]
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
