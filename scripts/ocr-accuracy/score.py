"""Posts rendered pages (or lines) to a running gateway and scores the answers against the truth."""

import base64
import json
import urllib.request


def edit_distance(a, b):
    """Levenshtein distance (insertions, deletions, substitutions all cost 1)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def post(url, model, images):
    """TF Serving REST predict with one base64 instance per image; returns the predictions."""
    body = json.dumps({"instances": [{"b64": base64.b64encode(i).decode()} for i in images]}).encode()
    request = urllib.request.Request(f"{url.rstrip('/')}/v1/models/{model}:predict", body,
                                     {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)["predictions"]
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"{model}: HTTP {e.code}: {e.read().decode(errors='replace')[:300]}") from None


def _lines_of(prediction):
    """The recognised lines of one page answer: a list of objects with "text", found wherever the answer nests it."""
    if isinstance(prediction, dict):
        if "text" in prediction and isinstance(prediction["text"], str):
            return [prediction]
        for value in prediction.values():
            if isinstance(value, (list, dict)) and (found := _lines_of(value)):
                return found
        return []
    if isinstance(prediction, list):
        if prediction and all(isinstance(p, dict) and "text" in p for p in prediction):
            return prediction
        for value in prediction:
            if found := _lines_of(value):
                return found
    return []


def _centre(line):
    """Centre of a predicted line's box: 4 corner points, or [x, y, w, h]; None without one."""
    box = line.get("box", line.get("points"))
    if isinstance(box, dict):
        box = box.get("points")
    if isinstance(box, list) and box and isinstance(box[0], list):
        return sum(p[0] for p in box) / len(box), sum(p[1] for p in box) / len(box)
    if isinstance(box, list) and len(box) == 4:
        return box[0] + box[2] / 2, box[1] + box[3] / 2
    return None


def match(truth_lines, predicted):
    """Predicted text per truth line: lines whose box centre falls in the truth line's band (left to right, joined by a
    space); without boxes, by reading order. Returns (texts per truth line, texts of unmatched predictions)."""
    if not all(_centre(p) for p in predicted):
        texts = [p["text"] for p in predicted]
        return texts[:len(truth_lines)] + [""] * (len(truth_lines) - len(texts)), texts[len(truth_lines):]
    assigned = [[] for _ in truth_lines]
    unmatched = []
    for p in predicted:
        cx, cy = _centre(p)
        best, best_distance = None, None
        for i, t in enumerate(truth_lines):
            _, y, _, h = t["box"]
            distance = abs(cy - (y + h / 2))
            if distance <= h * 0.75 and (best is None or distance < best_distance):
                best, best_distance = i, distance
        if best is None:
            unmatched.append(p["text"])
        else:
            assigned[best].append((cx, p["text"]))
    return [" ".join(text for _, text in sorted(a)) for a in assigned], unmatched


def score(results):
    """results: (truth text, predicted text) per truth line plus unmatched predictions ("", text). Character accuracy is
    1 - total edit distance / total truth characters (spaces count); exact lines are truth lines read exactly."""
    chars = sum(len(t) for t, _ in results)
    edits = sum(edit_distance(t, p) for t, p in results)
    lines = [(t, p) for t, p in results if t]
    exact = sum(1 for t, p in lines if t == p)
    return {"characters": chars, "edits": edits, "character_accuracy": round(1 - edits / max(1, chars), 5),
            "lines": len(lines), "exact_lines": exact, "line_accuracy": round(exact / max(1, len(lines)), 5)}
