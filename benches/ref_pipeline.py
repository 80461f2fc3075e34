#!/usr/bin/env python3
"""The reference pipeline of benches/corpus.sh: what a Python team would write with the usual
libraries, for the speed comparison with `lexbridge run`.

Usage: ref_pipeline.py CORPUS_DIR OUT_DIR [--max-mb M]

For every article file (`<id>.<lang>.txt`, in name order, front matter removed): pySBD splits it
into sentences (`clean=False`, the file's language where pySBD has it, else English), a regular
expression (the `regex` module) finds the key figures in every sentence (amounts with scale words
and currencies, percentages, plain numbers), and two CSV files are written with the csv module:
`sentences.csv` (file, sentence index, text) and `figures.csv` (file, sentence index, figure).
With `--max-mb` it stops after the first M MB of files (a sample of a large corpus). Prints one
line: `bytes=… articles=… sentences=… figures=… seconds=…`.
"""

import argparse
import csv
import os
import re as stdre
import sys
import time

import pysbd
import regex

LANGS = {"de", "en", "fr", "es", "it"}
NAME = stdre.compile(r".+\.([a-z]{2})\.(txt|md)$")

# A figure: an optional qualifier, a number with thousands separators and decimals, an optional
# scale word, and an optional currency or percent sign; written for German and English news.
FIGURE = regex.compile(
    r"(?:(?:rund|etwa|knapp|mehr als|über|bis zu|around|about|almost|more than|up to)\s+)?"
    r"(?:[$€£]\s?)?\d{1,3}(?:[.,\u202f ]\d{3})*(?:[.,]\d+)?"
    r"(?:\s*(?:Mio\.|Mrd\.|Millionen|Milliarden|Million|Milliarde|million|billion|thousand|Tsd\.))?"
    r"(?:\s*(?:%|Prozent|percent|Euro|EUR|US-Dollar|Dollar|dollars|euros|Franken|francs|CHF|USD|GBP))?",
    regex.IGNORECASE,
)


def files_in(folder):
    out = []
    for root, _, names in os.walk(folder):
        for n in names:
            if NAME.match(n):
                out.append(os.path.join(root, n))
    out.sort()
    return out


def strip_front_matter(text):
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5:]
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--max-mb", type=float, default=0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    limit = int(args.max_mb * 1_000_000) if args.max_mb else None
    segmenters = {}
    started = time.perf_counter()
    total = articles = sentences = figures = 0
    with open(os.path.join(args.out, "sentences.csv"), "w", newline="", encoding="utf-8") as sf, \
            open(os.path.join(args.out, "figures.csv"), "w", newline="", encoding="utf-8") as ff:
        sw, fw = csv.writer(sf), csv.writer(ff)
        sw.writerow(["file", "sentence", "text"])
        fw.writerow(["file", "sentence", "figure"])
        for path in files_in(args.corpus):
            if limit is not None and total >= limit:
                break
            with open(path, "rb") as f:
                data = f.read()
            total += len(data)
            articles += 1
            lang = NAME.match(os.path.basename(path)).group(1)
            lang = lang if lang in LANGS else "en"
            seg = segmenters.get(lang)
            if seg is None:
                seg = segmenters[lang] = pysbd.Segmenter(language=lang, clean=False)
            text = strip_front_matter(data.decode("utf-8"))
            for i, s in enumerate(seg.segment(text)):
                s = s.strip()
                if not s:
                    continue
                sentences += 1
                sw.writerow([path, i, s.replace("\n", " ")])
                for m in FIGURE.finditer(s):
                    if any(c.isdigit() for c in m.group(0)):
                        figures += 1
                        fw.writerow([path, i, m.group(0).strip()])
    seconds = time.perf_counter() - started
    print(f"bytes={total} articles={articles} sentences={sentences} figures={figures} seconds={seconds:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
