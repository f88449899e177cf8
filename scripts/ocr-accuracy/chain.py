"""The OCR chain run by a client, one model at a time over HTTP (text-detection, then text-orientation on the crops, then
text-recognition), answering like the ocr model: lines with text, confidence and box. A baseline for the composed model
and a way to measure page accuracy before it exists. Crops are the boxes' bounding rectangles with a margin, cut by
ImageMagick; the classifier sees each crop's head."""

import subprocess

import render
import score

ROTATE_THRESHOLD = 0.9  # PaddleOCR's cls_thresh
DROP_SCORE = 0.5  # PaddleOCR's drop_score
REC_BATCH = 6  # PaddleOCR's rec_batch_num
# Detector boxes hug the glyphs; cut that tight, crops lose spaces in recognition and some upright ones read as turned.
# Measured on generated pages: a margin of 0.2 x the box height left and right and 0.3 x above and below reads best.
MARGIN_X, MARGIN_Y = 0.2, 0.3
# The classifier's input is 48x192: a long line squeezed into it is misjudged (measured on 15 generated pages with turned
# lines: 162 of 180 crops right). It sees only the crop's head instead, at most 4 x its height wide (177 of 180 right).
CLS_HEAD_ASPECT = 4


def _convert(image, *args):
    result = subprocess.run([render.CONVERT, "jpg:-", *args, "-quality", "95", "jpg:-"], input=image, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"convert failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def read_page(url, page, confirm_turns=False):
    """One page through the three models; returns [{"text", "confidence", "box"}] in the detector's reading order.
    With confirm_turns, a crop the classifier turns is read both ways and the more confident reading kept (the classifier
    squeezes a long line into 192 pixels and then misjudges some upright ones)."""
    boxes = score.post(url, "text-detection", [page])[0]
    if not boxes:
        return []
    crops, heads = [], []
    for box in boxes:
        xs, ys = [p[0] for p in box["points"]], [p[1] for p in box["points"]]
        height = max(ys) - min(ys)
        x, y = max(0, round(min(xs) - MARGIN_X * height)), max(0, round(min(ys) - MARGIN_Y * height))
        right, bottom = round(max(xs) + MARGIN_X * height), round(max(ys) + MARGIN_Y * height)
        # ImageMagick clips a crop that passes the page's edge.
        width, height = max(1, right - x), max(1, bottom - y)
        crops.append(_convert(page, "-crop", f"{width}x{height}+{x}+{y}", "+repage"))
        heads.append(_convert(page, "-crop", f"{min(width, CLS_HEAD_ASPECT * height)}x{height}+{x}+{y}", "+repage"))
    orientations = score.post(url, "text-orientation", heads)
    turned = [o[0]["label"] == "180" and o[0]["score"] > ROTATE_THRESHOLD for o in orientations]
    originals = crops
    crops = [_convert(c, "-rotate", "180") if t else c for c, t in zip(crops, turned)]
    # Sorted by aspect ratio so each request pads little, as PaddleOCR's predict_rec batches.
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i]["points"][2][0] - boxes[i]["points"][0][0])
                   / max(1, boxes[i]["points"][2][1] - boxes[i]["points"][0][1]))
    texts = [None] * len(boxes)
    for start in range(0, len(order), REC_BATCH):
        chunk = order[start:start + REC_BATCH]
        for i, prediction in zip(chunk, score.post(url, "text-recognition", [crops[i] for i in chunk])):
            texts[i] = prediction
    if confirm_turns and any(turned):
        again = [i for i, t in enumerate(turned) if t]
        for i, prediction in zip(again, score.post(url, "text-recognition", [originals[i] for i in again])):
            texts[i] = prediction if prediction["confidence"] > texts[i]["confidence"] else texts[i]
    return [{"text": t["text"], "confidence": t["confidence"], "box": b["points"]}
            for t, b in zip(texts, boxes) if t["confidence"] >= DROP_SCORE]
