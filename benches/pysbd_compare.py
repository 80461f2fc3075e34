#!/usr/bin/env python3
"""Speed of `lexbridge segment` against pySBD on the same text, in the same run.

Usage: python3 benches/pysbd_compare.py [--repeat N] [--binary target/release/lexbridge]

The text is what the criterion benchmark `segment/de` and `segment/en` read: every
`corpus/*.<lang>.txt` in name order, joined by blank lines. pySBD (installed with pip if it is
missing) segments it in-process, `clean=False`, best of three runs. lexbridge segments the same
text repeated N times (default 50, so that process start-up is negligible), through the CLI with
`--format jsonl` written to /dev/null, best of three runs. Prints bytes per second of both, the
ratio, and the number of sentences each found on the single text.
"""

import argparse
import importlib
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_pysbd():
    try:
        return importlib.import_module("pysbd")
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "pysbd"])
        return importlib.import_module("pysbd")


def corpus_text(lang):
    folder = os.path.join(ROOT, "corpus")
    names = sorted(n for n in os.listdir(folder) if n.endswith(f".{lang}.txt"))
    parts = []
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            parts.append(f.read())
    return "\n\n".join(parts)


def best_of(runs, fn):
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def lexbridge_segment(binary, lang, data):
    def run():
        out = subprocess.run(
            [binary, "segment", "--lang", lang, "--format", "jsonl", "-"],
            input=data,
            stdout=subprocess.PIPE,
            check=True,
        )
        return out.stdout.count(b"\n")

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "lexbridge"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.check_call(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    pysbd = ensure_pysbd()
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"machine: {cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, pySBD {pysbd.__version__}")
    print(f"{'lang':<5}{'bytes':>10}{'pySBD MB/s':>12}{'lexbridge MB/s':>16}{'ratio':>9}{'sent. pySBD':>13}{'sent. lexbridge':>17}")
    for lang in ["de", "en"]:
        text = corpus_text(lang)
        data = text.encode("utf-8")
        seg = pysbd.Segmenter(language=lang, clean=False)
        t_py, sents_py = best_of(3, lambda: seg.segment(text))
        big = b"\n\n".join([data] * args.repeat)
        t_lx, _ = best_of(3, lexbridge_segment(args.binary, lang, big))
        _, n_lx = best_of(1, lexbridge_segment(args.binary, lang, data))
        py_mbs = len(data) / t_py / 1e6
        lx_mbs = len(big) / t_lx / 1e6
        print(
            f"{lang:<5}{len(data):>10}{py_mbs:>12.3f}{lx_mbs:>16.1f}{lx_mbs / py_mbs:>8.0f}x"
            f"{len(sents_py):>13}{n_lx:>17}"
        )


if __name__ == "__main__":
    main()
