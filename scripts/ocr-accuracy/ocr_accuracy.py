#!/usr/bin/env python3
"""OCR accuracy: renders a deterministic set of pages (or lines) with known text and scores a running gateway on them.

  ocr_accuracy.py generate --out DIR [--count N] [--seed S] [--mode page|line] [--rotated]
  ocr_accuracy.py score URL --dir DIR [--mode page|line] [--model NAME|chain [--confirm-turns]] [--batch N] [--json FILE] [--show-errors N]

Page mode posts each page to NAME (default ocr) and matches the recognised lines to the truth lines by box position;
line mode posts single lines (--batch per request) to NAME (default text-recognition). --model chain runs the pages
through text-detection, text-orientation and text-recognition one by one from this client instead of ocr (a baseline).
Debian's python3 only (no pip).
"""

import argparse
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chain  # noqa: E402
import render  # noqa: E402
import score  # noqa: E402


def run_score(url, directory, mode, model, show_errors, batch, confirm_turns=False):
    stems = sorted(p[:-5] for p in glob.glob(os.path.join(directory, f"{mode}-*.json")))
    if not stems:
        raise SystemExit(f"no {mode}-*.json truth files in {directory}")
    results = []
    for start in range(0, len(stems), batch):
        chunk = stems[start:start + batch]
        images = [open(s + ".jpg", "rb").read() for s in chunk]
        predictions = [chain.read_page(url, i, confirm_turns) for i in images] if model == "chain" else score.post(url, model, images)
        for stem, prediction in zip(chunk, predictions):
            truth = json.load(open(stem + ".json", encoding="utf-8"))["lines"]
            predicted = score._lines_of(prediction)
            texts, unmatched = score.match(truth, predicted)
            results += [(t["text"], p, os.path.basename(stem)) for t, p in zip(truth, texts)]
            results += [("", p, os.path.basename(stem)) for p in unmatched]
    summary = score.score([(t, p) for t, p, _ in results])
    summary.update({"mode": mode, "model": model, "items": len(stems)})
    if confirm_turns:
        summary["confirm_turns"] = True
    wrong = [{"item": s, "truth": t, "predicted": p} for t, p, s in results if t != p]
    return summary, wrong[:show_errors]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate")
    gen.add_argument("--out", required=True)
    gen.add_argument("--count", type=int, default=50)
    gen.add_argument("--seed", default="17")
    gen.add_argument("--mode", choices=["page", "line"], default="page")
    gen.add_argument("--rotated", action="store_true", help="turn 2-3 lines of each page by 180 degrees")
    sc = commands.add_parser("score")
    sc.add_argument("url")
    sc.add_argument("--dir", required=True)
    sc.add_argument("--mode", choices=["page", "line"], default="page")
    sc.add_argument("--model")
    sc.add_argument("--json", help="also write the summary and the misread lines here")
    sc.add_argument("--show-errors", type=int, default=20)
    sc.add_argument("--batch", type=int, default=1, help="images per request (default 1)")
    sc.add_argument("--confirm-turns", action="store_true", help="chain: read turned crops both ways, keep the more confident")
    args = parser.parse_args()
    if args.command == "generate":
        stems = render.generate(args.out, args.count, args.seed, args.rotated, args.mode)
        print(f"wrote {len(stems)} {args.mode}s with truth to {args.out}")
        return
    model = args.model or ("ocr" if args.mode == "page" else "text-recognition")
    summary, wrong = run_score(args.url, args.dir, args.mode, model, args.show_errors, args.batch, args.confirm_turns)
    for w in wrong:
        print(f"  {w['item']}: {w['truth']!r} -> {w['predicted']!r}")
    print(f"{summary['items']} {args.mode}s, {summary['lines']} lines: character accuracy "
          f"{summary['character_accuracy'] * 100:.2f}% ({summary['edits']} edits / {summary['characters']} chars), "
          f"exact lines {summary['line_accuracy'] * 100:.2f}% ({summary['exact_lines']}/{summary['lines']})")
    print(json.dumps(summary))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "misread": wrong}, f, indent=1)


if __name__ == "__main__":
    main()
