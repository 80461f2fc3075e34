#!/usr/bin/env python3
"""Generates a synthetic corpus of about N MB from the bundled `corpus/`, for benches/corpus.sh.

Usage: python3 benches/gen_corpus.py SIZE_MB OUT_DIR [--seed S]

Each copy of the corpus gets its own ids (`<id>-v000123`, in the file names and in the
front-matter `id:`, `translation_of:` and `url:` lines) and three kinds of variation, applied the
same way to every language of one article so that originals and translations stay translations
of each other (and the planted errors of corpus/ERRATA.csv stay planted):

- the body paragraphs (everything after the title and the teaser) are shuffled with one
  permutation per article when all its languages have the same number of paragraphs;
- figures change: the digits 1-9 are permuted (one permutation per copy) in every number except
  years (19xx, 20xx) and one- or two-digit numbers before a full stop (dates, ordinals), so
  amounts, counts and percentages differ from copy to copy but agree across languages;
- the names the corpus invented (companies, a clinic, a person) are replaced by generated names.

Files go to OUT_DIR/cNNNN/ (100 copies per folder). Deterministic for a given seed. Prints the
number of files, articles and bytes written.
"""

import argparse
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Names the bundled articles invented; replaced per copy (the same name in every language).
NAMES = ["SkyHanse", "Veltrana", "Clipstream", "Assurelia", "Flinq", "Helix", "Lindenmayer",
         "Hohenbruck", "Kaiyun", "Chiara"]
SYLLABLES = ["ka", "ver", "lin", "to", "mar", "sel", "qu", "ion", "dra", "ben", "or", "vi",
             "sta", "nu", "rek", "al", "po", "zen", "tri", "mo"]

NUMBER = re.compile(r"\d+")


def read_corpus():
    """{group id: {lang: (front-matter lines, paragraphs)}} from corpus/<id>.<lang>.txt."""
    folder = os.path.join(ROOT, "corpus")
    groups = {}
    for name in sorted(os.listdir(folder)):
        m = re.fullmatch(r"(.+)\.([a-z]{2})\.(txt|md)", name)
        if not m:
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        front = []
        if text.startswith("---\n"):
            end = text.index("\n---\n", 4)
            front = text[4:end].split("\n")
            text = text[end + 5:]
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip("\n"))]
        groups.setdefault(m.group(1), {})[m.group(2)] = (front, paragraphs)
    return groups


def new_name(rng, like):
    name = "".join(rng.choice(SYLLABLES) for _ in range(2 + rng.randrange(2)))
    return name.upper() if like.isupper() else name.capitalize()


def change_figures(text, digits):
    def repl(m):
        s = m.group(0)
        after = text[m.end():m.end() + 2]
        if len(s) == 4 and s[:2] in ("19", "20"):
            return s
        if len(s) <= 2 and after.startswith("."):
            return s
        return s.translate(digits)
    return NUMBER.sub(repl, text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("size_mb", type=float)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    groups = read_corpus()
    target = int(args.size_mb * 1_000_000)
    written = files = articles = 0
    copy = 0
    while written < target:
        folder = os.path.join(args.out, f"c{copy // 100:04d}")
        os.makedirs(folder, exist_ok=True)
        perm = list("123456789")
        rng.shuffle(perm)
        digits = str.maketrans("123456789", "".join(perm))
        names = [(n, new_name(rng, n)) for n in NAMES]
        suffix = f"-v{copy:06d}"
        for gid, langs in groups.items():
            counts = {len(p) for _, p in langs.values()}
            order = None
            if len(counts) == 1:
                n = counts.pop()
                if n > 3:
                    order = list(range(2, n))
                    rng.shuffle(order)
                    order = [0, 1] + order
            for lang, (front, paragraphs) in langs.items():
                paras = [paragraphs[i] for i in order] if order else list(paragraphs)
                body = "\n\n".join(paras)
                for old, new in names:
                    body = body.replace(old, new)
                body = change_figures(body, digits)
                out = []
                if front:
                    out.append("---")
                    for line in front:
                        key, _, value = line.partition(":")
                        if key in ("id", "translation_of"):
                            line = f"{key}: {value.strip()}{suffix}"
                        elif key == "url":
                            line = f"{key}: {value.strip()}{suffix}"
                        out.append(line)
                    out.append("---")
                out.append(body)
                data = ("\n".join(out) + "\n").encode("utf-8")
                with open(os.path.join(folder, f"{gid}{suffix}.{lang}.txt"), "wb") as f:
                    f.write(data)
                written += len(data)
                files += 1
                articles += 1
            if written >= target:
                break
        copy += 1
    print(f"{files} files, {articles} articles, {written} bytes, {copy} copies, seed {args.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
