#!/usr/bin/env python3
"""Soak traffic for scripts/bench-soak.sh: mixed valid and hostile requests against one gateway, its RSS every 10 s.

Usage: soak.py run --port P --pid PID --key KEY --seconds S --samples DIR --out RESULT.json [--workers 8] [--skip k1,k2]
       soak.py report --result RESULT.json --warmup S --title T --header LINE... (prints the markdown section)

Standard library only. Each worker keeps one keep-alive connection (http.client) and picks the next request from a weighted
mix. Valid kinds must answer 200, hostile kinds a 4xx; any 5xx or broken connection is a failure. Slow clients (partial
headers held open) and a /metrics scrape run beside the workers. The result is one JSON document for the report.
"""
import argparse
import base64
import gzip
import statistics
import http.client
import json
import random
import socket
import struct
import threading
import time
import zlib


def png(width, height, pixels=True):
    """A grayscale PNG; without pixels only the header is real (a 'pixel bomb' that declares a huge image)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\0" + b"\x80" * width for _ in range(height)) if pixels else b"\0" * 64
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def b64(data):
    return base64.b64encode(data).decode("ascii")


def instances(items):
    return json.dumps({"instances": items}).encode()


def build_mix(samples):
    """(kind, weight, expected, method, path, body, headers): expected is 'ok' (200) or 'reject' (4xx)."""
    line = b64(open(f"{samples}/text-line.jpg", "rb").read())
    page = b64(open(f"{samples}/page.jpg", "rb").read())
    row = {"income": 2000, "credit_cards": 2, "age": 45}
    loans = "/v1/models/loans:predict"
    orientation = "/v1/models/text-orientation:predict"
    detection = "/v1/models/text-detection:predict"
    v2 = "/v2/models/loans/infer"
    tiny = {"b64": b64(png(1, 1))}

    def v2_body(shape, data, name="income"):
        inputs = [{"name": n, "shape": shape, "datatype": "FP32", "data": data} for n in (name, "credit_cards", "age")]
        return json.dumps({"inputs": inputs}).encode()

    long_name = "m" * 3000
    return [
        # Valid traffic.
        ("loans-1", 30, "ok", "POST", loans, instances([row]), {}),
        ("loans-64", 8, "ok", "POST", loans, instances([row] * 64), {}),
        ("loans-v2", 8, "ok", "POST", v2, v2_body([2], [2000, 8000]), {}),
        ("loans-score", 6, "ok", "POST", "/score/loans", json.dumps({"data": [[2000, 2, 45]]}).encode(), {}),
        ("orientation-1", 12, "ok", "POST", orientation, instances([{"b64": line}]), {}),
        ("orientation-4", 4, "ok", "POST", orientation, instances([{"b64": line}] * 4), {}),
        ("detection-1", 0.3, "ok", "POST", detection, instances([{"b64": page}]), {}),
        # Hostile traffic: each must get a 4xx.
        ("malformed-json", 3, "reject", "POST", loans, b'{"instances":[{"income":', {}),
        ("invalid-utf8-tf", 2, "reject", "POST", loans, b'{"instances":[{"inc\xffome":1,"credit_cards":2,"age":45}]}', {}),
        ("invalid-utf8-v2", 2, "reject", "POST", v2, b'{"inputs":[{"name":"inc\xffome","shape":[1],"datatype":"FP32","data":[1]}]}', {}),
        ("invalid-utf8-score", 2, "reject", "POST", "/score/loans", b'{"data":[{"inc\xffome":1,"credit_cards":2,"age":45}]}', {}),
        ("lone-surrogate", 2, "reject", "POST", loans, b'{"instances":[{"\\ud800":1,"credit_cards":2,"age":45}]}', {}),
        ("number-1e400", 2, "reject", "POST", loans, b'{"instances":[{"income":1e400,"credit_cards":2,"age":45}]}', {}),
        ("deep-json", 2, "reject", "POST", loans, b'{"instances":' + b"[" * 5000 + b"]" * 5000 + b"}", {}),
        ("zero-images", 2, "reject", "POST", orientation, instances([]), {}),
        ("v2-zero-images", 2, "reject", "POST", "/v2/models/text-orientation/infer",
         json.dumps({"inputs": [{"name": "image", "shape": [0], "datatype": "BYTES", "data": []}]}).encode(), {}),
        ("v2-huge-shape", 2, "reject", "POST", v2, v2_body([4611686018427387904], [1]), {}),
        ("unknown-long-model", 2, "reject", "POST", f"/v1/models/{long_name}:predict", instances([row]), {}),
        ("keyless-long-model", 2, "reject", "POST", f"/v1/models/{long_name}-{{n}}:predict", instances([row]), {"no-key": "1"}),
        ("keyless", 2, "reject", "POST", loans, instances([row]), {"no-key": "1"}),
        ("pixel-bomb", 2, "reject", "POST", orientation, instances([{"b64": b64(png(60000, 60000, pixels=False))}]), {}),
        ("gzip-bomb", 1, "reject", "POST", loans, gzip.compress(b" " * (48 << 20), 9), {"Content-Encoding": "gzip"}),
        ("many-tiny-images", 0.3, "reject", "POST", orientation, instances([tiny] * 20001), {}),
        ("padding-bomb", 0.3, "reject", "POST", detection,
         instances([{"b64": b64(png(4000, 1))}, {"b64": b64(png(1, 4000))}] + [tiny] * 30), {}),
    ]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_kind = {}
        self.samples = {}

    def record(self, kind, expected, outcome, detail=""):
        with self.lock:
            counts = self.by_kind.setdefault(kind, {"expected": expected, "outcomes": {}})
            counts["outcomes"][outcome] = counts["outcomes"].get(outcome, 0) + 1
            if detail and (kind, outcome) not in self.samples:
                self.samples[(kind, outcome)] = detail[:200]


def worker(args, mix, stats, deadline, seed):
    rng = random.Random(seed)
    kinds = [m for m in mix]
    weights = [m[1] for m in mix]
    connection = None
    counter = 0
    while time.monotonic() < deadline:
        kind, _, expected, method, path, body, extra = rng.choices(kinds, weights)[0]
        counter += 1
        headers = {"Content-Type": "application/json"}
        headers.update({k: v for k, v in extra.items() if k != "no-key"})
        if "no-key" not in extra:
            headers["x-api-key"] = args.key
        target = path.replace("{n}", f"{seed}-{counter}")
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            status = response.status
            if response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            stats.record(kind, expected, "connection-error", repr(error))
            if connection is not None:
                connection.close()
            connection = None
            continue
        outcome = str(status)
        stats.record(kind, expected, outcome, data.decode("utf-8", "replace") if status != 200 else "")


def slow_clients(args, stats, deadline):
    """Opens connections that send half a request and hold it, five at a time, each for 10 s."""
    while time.monotonic() < deadline:
        held = []
        for _ in range(5):
            try:
                s = socket.create_connection(("127.0.0.1", args.port), timeout=5)
                s.sendall(b"POST /v1/models/loans:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\nx-api-key: " + args.key.encode() + b"\r\n\r\n{")
                held.append(s)
            except OSError as error:
                stats.record("slow-client", "held", "connect-error", repr(error))
        time.sleep(min(10, max(0, deadline - time.monotonic())))
        for s in held:
            try:
                s.settimeout(0.5)
                answer = s.recv(64)
                stats.record("slow-client", "held", "answered " + answer[9:12].decode("ascii", "replace") if answer else "closed by server")
            except OSError:
                stats.record("slow-client", "held", "still open after 10 s")
            finally:
                s.close()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


GC_COMMITTED = "dotnet_gc_last_collection_memory_committed_size_bytes"


def scrape(args):
    """The /metrics scrape: its size, its time, and the GC's committed memory in MB from it (-1 where absent)."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
        started = time.monotonic()
        connection.request("GET", "/metrics", headers={"x-api-key": args.key})
        body = connection.getresponse().read()
        connection.close()
        committed = -1.0
        for line in body.decode("utf-8", "replace").splitlines():
            if line.startswith(GC_COMMITTED):
                committed = float(line.split()[1]) / (1 << 20)
        return len(body), (time.monotonic() - started) * 1000, committed
    except (OSError, http.client.HTTPException, ValueError, IndexError):
        return -1, -1, -1.0


def run(argv):
    parser = argparse.ArgumentParser(prog="soak.py run")
    for name in ("--port", "--pid", "--seconds"):
        parser.add_argument(name, type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--samples", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--skip", default="")
    args = parser.parse_args(argv)
    skip = {s for s in args.skip.split(",") if s}
    mix = [m for m in build_mix(args.samples) if m[0] not in skip]
    stats = Stats()
    started = time.monotonic()
    deadline = started + args.seconds
    threads = [threading.Thread(target=worker, args=(args, mix, stats, deadline, i), daemon=True) for i in range(args.workers)]
    threads.append(threading.Thread(target=slow_clients, args=(args, stats, deadline), daemon=True))
    for thread in threads:
        thread.start()
    timeline = []
    while True:
        elapsed = time.monotonic() - started
        size, scrape_ms, committed = scrape(args)
        with stats.lock:
            answered = sum(sum(k["outcomes"].values()) for k in stats.by_kind.values())
        timeline.append({"seconds": round(elapsed), "rss_mb": round(rss_mb(args.pid), 1), "gc_committed_mb": round(committed, 1),
                         "requests": answered, "metrics_bytes": size, "scrape_ms": round(scrape_ms)})
        if elapsed >= args.seconds:
            break
        time.sleep(max(0, min(10 - (elapsed % 10), deadline - time.monotonic())))
    for thread in threads:
        thread.join(timeout=70)
    result = {"seconds": args.seconds, "workers": args.workers, "skipped": sorted(skip), "timeline": timeline,
              "kinds": stats.by_kind, "samples": {f"{k} {o}": d for (k, o), d in stats.samples.items()},
              "mix": [{"kind": m[0], "weight": m[1], "expected": m[2], "path": m[4][:60], "bytes": len(m[5])} for m in mix]}
    with open(args.out, "w") as out:
        json.dump(result, out)


def slope_mb_per_minute(points):
    if len(points) < 2:
        return 0.0
    xs = [p["seconds"] / 60 for p in points]
    ys = [p["rss_mb"] for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread if spread else 0.0


def committed_cell(point):
    committed = point.get("gc_committed_mb", -1)
    return f"{committed:.0f}" if committed >= 0 else "-"


def native_cell(point):
    committed = point.get("gc_committed_mb", -1)
    return f"{point['rss_mb'] - committed:.0f}" if committed >= 0 else "-"


def report(argv):
    parser = argparse.ArgumentParser(prog="soak.py report")
    parser.add_argument("--result", required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args(argv)
    result = json.load(open(args.result))
    timeline = result["timeline"]
    after = [p for p in timeline if p["seconds"] >= args.warmup] or timeline[-1:]
    base, last = after[0], timeline[-1]
    growth = last["rss_mb"] - base["rss_mb"]
    peak = max(p["rss_mb"] for p in after) - base["rss_mb"]
    # One sample holds whatever requests were in flight at that instant (a batch of pages is hundreds of MB for a moment);
    # growth that stays is seen better in the median of the first and the last minute after the warm-up, and in the slope.
    window = min(6, max(1, len(after) // 2))
    first_median = statistics.median(p["rss_mb"] for p in after[:window])
    last_median = statistics.median(p["rss_mb"] for p in after[-window:])
    median_growth = last_median - first_median
    slope = slope_mb_per_minute(after)
    failures, accepted_hostile, total = 0, 0, 0
    rows = []
    for kind, data in sorted(result["kinds"].items()):
        outcomes = data["outcomes"]
        count = sum(outcomes.values())
        if data["expected"] != "held":
            total += count
        bad = sum(n for o, n in outcomes.items() if o == "connection-error" or o.startswith("5")
                  or (data["expected"] == "ok" and o != "200"))
        if data["expected"] == "reject":
            accepted_hostile += sum(n for o, n in outcomes.items() if o.startswith("2"))
        failures += bad if data["expected"] != "held" else 0
        shown = ", ".join(f"{o}: {n}" for o, n in sorted(outcomes.items()))
        rows.append(f"| {kind} | {data['expected']} | {count} | {shown} | {bad if data['expected'] != 'held' else '-'} |")
    lines = [f"## {args.title}", *args.header, ""]
    verdict = "met" if median_growth < 100 else "NOT met"
    lines.append(f"RSS median of the first {window} samples after the {args.warmup} s warm-up: {first_median:.0f} MB; of the last "
                 f"{window}: {last_median:.0f} MB; growth **{median_growth:+.0f} MB** (least-squares trend after the warm-up "
                 f"{slope:+.1f} MB/min): target < 100 MB {verdict}. Single samples: {base['rss_mb']:.0f} MB at {base['seconds']} s, "
                 f"{last['rss_mb']:.0f} MB at the end ({growth:+.0f} MB), highest {peak:+.0f} MB above the first. "
                 f"Requests: {total}, failures (5xx, broken connections, valid requests not answered 200): **{failures}**; "
                 f"hostile requests accepted with a 2xx: {accepted_hostile}.")
    if result["skipped"]:
        lines.append(f"Kinds left out of this run: {', '.join(result['skipped'])}.")
    lines += ["", "| s | RSS MB | GC committed MB | RSS - GC MB | requests answered | /metrics bytes | scrape ms |",
              "|---|---|---|---|---|---|---|"]
    lines += [f"| {p['seconds']} | {p['rss_mb']:.0f} | {committed_cell(p)} | {native_cell(p)} | {p['requests']} | "
              f"{p['metrics_bytes']} | {p['scrape_ms']} |" for p in timeline]
    lines += ["", "| kind | expected | requests | answers | failures |", "|---|---|---|---|---|", *rows]
    samples = [f"- {k}: `{v.replace(chr(96), chr(39)).replace(chr(10), chr(32))}`" for k, v in sorted(result["samples"].items())
               if not k.endswith(" 200") and (" 5" in k or "connection-error" in k or k.split()[0] in
                                              [n for n, d in result["kinds"].items() if d["expected"] == "ok"])]
    if samples:
        lines += ["", "First answer of each failing kind and status:", *samples[:20]]
    print("\n".join(lines))


if __name__ == "__main__":
    import sys
    {"run": run, "report": report}[sys.argv[1]](sys.argv[2:])
