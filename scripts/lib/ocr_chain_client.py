#!/usr/bin/env python3
"""The client-side OCR chain of scripts/bench-ocr.sh: what a caller does without the composed `ocr` model.

Per page, over one keep-alive HTTP connection per worker: POST the page to text-detection; decode the page and cut each box
locally (perspective warp to its width x height, turned 90 degrees when at least 1.5 times higher than wide, as PaddleOCR's
get_rotate_crop_image); JPEG-encode the crops and POST them to text-orientation; turn those labelled "180" with a score of at
least 0.9 and re-encode them; POST the crops to text-recognition. Closed loop: each worker sends its next page when the previous
one is read. Prints one JSON line: pages, pages/s, p50/p99 ms per page, failures.

usage: ocr_chain_client.py --port PORT --page PAGE.jpg -c N --duration SECONDS [--warmup SECONDS] [--label k=v ...]
"""
import argparse, base64, http.client, io, json, math, threading, time

from PIL import Image


def post(conn, path, instances):
    body = json.dumps({"instances": instances})
    conn.request("POST", path, body, {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return json.loads(data)["predictions"]


def homography(quad, w, h):
    """Coefficients a..h taking output pixel (u, v) to input (x, y) = ((a u + b v + c) / (g u + h v + 1), ...)."""
    rows = []
    for (u, v), (x, y) in zip([(0, 0), (w, 0), (w, h), (0, h)], quad):
        rows.append([u, v, 1, 0, 0, 0, -u * x, -v * x, x])
        rows.append([0, 0, 0, u, v, 1, -u * y, -v * y, y])
    for col in range(8):
        pivot = max(range(col, 8), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        p = rows[col][col] or 1e-12
        for r in range(8):
            if r != col:
                f = rows[r][col] / p
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][8] / rows[i][i] for i in range(8)]


def crop(page, points):
    quad = [(float(x), float(y)) for x, y in points]
    dist = lambda a, b: math.hypot(a[0] - b[0], a[1] - b[1])
    w = max(1, int(max(dist(quad[0], quad[1]), dist(quad[2], quad[3]))))
    h = max(1, int(max(dist(quad[0], quad[3]), dist(quad[1], quad[2]))))
    image = page.transform((w, h), Image.PERSPECTIVE, homography(quad, w, h), Image.BILINEAR)
    return image.transpose(Image.ROTATE_90) if h >= 1.5 * w else image


def b64(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return {"b64": base64.b64encode(buffer.getvalue()).decode()}


def read_page(conn, page_bytes):
    boxes = post(conn, "/v1/models/text-detection:predict", [{"b64": base64.b64encode(page_bytes).decode()}])[0]
    if not boxes:
        return []
    page = Image.open(io.BytesIO(page_bytes)).convert("RGB")
    crops = [crop(page, box["points"]) for box in boxes]
    encoded = [b64(c) for c in crops]
    for i, top in enumerate(post(conn, "/v1/models/text-orientation:predict", encoded)):
        if top[0]["label"] == "180" and top[0]["score"] >= 0.9:
            encoded[i] = b64(crops[i].transpose(Image.ROTATE_180))
    return post(conn, "/v1/models/text-recognition:predict", encoded)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--page", required=True)
    parser.add_argument("-c", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=1)
    parser.add_argument("--label", action="append", default=[])
    args = parser.parse_args()
    page_bytes = open(args.page, "rb").read()
    start = time.monotonic() + args.warmup
    stop = start + args.duration
    latencies, failures, lock = [], [0], threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        while True:
            began = time.monotonic()
            if began >= stop:
                return
            try:
                read_page(conn, page_bytes)
                ok = True
            except Exception:  # counted, the loop goes on with a new connection
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            ended = time.monotonic()
            if began >= start and ended <= stop:
                with lock:
                    if ok:
                        latencies.append((ended - began) * 1000)
                    else:
                        failures[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(args.c)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    pct = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1) if latencies else None
    print(json.dumps({
        "labels": dict(l.split("=", 1) for l in args.label), "concurrency": args.c, "pages": len(latencies),
        "pagesPerSecond": round(len(latencies) / args.duration, 2), "p50Ms": pct(0.5), "p99Ms": pct(0.99), "failures": failures[0],
    }))


if __name__ == "__main__":
    main()
