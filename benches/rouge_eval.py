#!/usr/bin/env python3
"""ROUGE self-evaluation of lexbridge's summaries against the teasers of the corpus.

For every article of the corpus that has a teaser (the first paragraph after the title), the
teaser is the reference summary and the body is what is summarized. Compared, with the same
sentence segmentation (lexbridge's own):
  lexbridge  `lexbridge summarize --sentences 3` (the teaser excluded, as by default)
  Lead-3     the first three body sentences
  TextRank   Mihalcea & Tarau (2004): word-overlap similarity graph, PageRank, top 3
  LexRank    Erkan & Radev (2004): TF-IDF cosine graph (threshold 0.1), PageRank, top 3
ROUGE-1, ROUGE-2 (n-gram overlap) and ROUGE-L (longest common subsequence) F1 over lowercase
word tokens, averaged over articles. Usage: benches/rouge_eval.py [BINARY] [CORPUS_DIR]
"""
import json
import math
import os
import re
import subprocess
import sys
from collections import Counter

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/lexbridge"
CORPUS = sys.argv[2] if len(sys.argv) > 2 else "corpus"
WORD = re.compile(r"\w+", re.UNICODE)


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def parse(text):
    """Title, teaser and body of an article file, as lexbridge reads it."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        lines = lines[end + 1:] if end is not None else lines
    paragraphs, cur = [], []
    for line in lines:
        if line.strip():
            cur.append(line)
        elif cur:
            paragraphs.append("\n".join(cur))
            cur = []
    if cur:
        paragraphs.append("\n".join(cur))
    if len(paragraphs) < 3:
        return None
    return paragraphs[0], paragraphs[1], "\n\n".join(paragraphs[2:])


def segment(text, lang):
    out = subprocess.run([BIN, "segment", "--lang", lang, "--format", "jsonl", "-"], input=text.encode(),
                         capture_output=True, check=True).stdout.decode()
    return [json.loads(l)["text"] for l in out.splitlines()]


def ours(path, lang):
    out = subprocess.run([BIN, "summarize", "--lang", lang, "--format", "jsonl", path],
                         capture_output=True, check=True).stdout.decode()
    return [json.loads(l)["text"] for l in out.splitlines()]


def pagerank(sim, d=0.85, iters=50):
    n = len(sim)
    score = [1.0 / n] * n
    out = [sum(row) for row in sim]
    for _ in range(iters):
        score = [(1 - d) / n + d * sum(sim[j][i] * score[j] / out[j] for j in range(n) if out[j] > 0)
                 for i in range(n)]
    return score


def top3(sentences, scores):
    best = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))[:3]
    return [sentences[i] for i in sorted(best)]


def textrank(sentences):
    toks = [set(words(s)) for s in sentences]
    n = len(sentences)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and len(toks[i]) > 1 and len(toks[j]) > 1:
                sim[i][j] = len(toks[i] & toks[j]) / (math.log(len(toks[i])) + math.log(len(toks[j])))
    return top3(sentences, pagerank(sim))


def lexrank(sentences, threshold=0.1):
    toks = [Counter(words(s)) for s in sentences]
    n = len(sentences)
    df = Counter(w for t in toks for w in t)
    vec = [{w: c * math.log(n / df[w] + 1) for w, c in t.items()} for t in toks]

    def cos(a, b):
        dot = sum(x * b.get(k, 0.0) for k, x in a.items())
        na, nb = math.sqrt(sum(x * x for x in a.values())), math.sqrt(sum(x * x for x in b.values()))
        return dot / (na * nb) if na and nb else 0.0

    sim = [[1.0 if i != j and cos(vec[i], vec[j]) > threshold else 0.0 for j in range(n)] for i in range(n)]
    return top3(sentences, pagerank(sim))


def ngrams(toks, n):
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def f1(p, r):
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def rouge_n(cand, ref, n):
    c, r = ngrams(cand, n), ngrams(ref, n)
    hit = sum((c & r).values())
    return f1(hit / max(sum(c.values()), 1), hit / max(sum(r.values()), 1))


def rouge_l(cand, ref):
    prev = [0] * (len(ref) + 1)
    for a in cand:
        cur = [0]
        for j, b in enumerate(ref):
            cur.append(prev[j] + 1 if a == b else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    return f1(lcs / max(len(cand), 1), lcs / max(len(ref), 1))


def main():
    systems = {"lexbridge": [], "Lead-3": [], "TextRank": [], "LexRank": []}
    per_lang = {}
    for name in sorted(os.listdir(CORPUS)):
        m = re.match(r".+\.([a-z]{2})\.txt$", name)
        if not m:
            continue
        lang = m.group(1)
        path = os.path.join(CORPUS, name)
        parsed = parse(open(path, encoding="utf-8").read())
        if not parsed:
            continue
        _title, teaser, body = parsed
        ref = words(teaser)
        body_sentences = segment(body, lang)
        outputs = {
            "lexbridge": ours(path, lang),
            "Lead-3": body_sentences[:3],
            "TextRank": textrank(body_sentences),
            "LexRank": lexrank(body_sentences),
        }
        for system, summary in outputs.items():
            cand = words(" ".join(summary))
            scores = (rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref))
            systems[system].append(scores)
            per_lang.setdefault(lang, {}).setdefault(system, []).append(scores)
    def row(label, results):
        cols = [sum(s[k] for s in results) / len(results) for k in range(3)]
        print(f"| {label:<24} | {len(results):>3} | {cols[0]:.3f} | {cols[1]:.3f} | {cols[2]:.3f} |")
    print("| system                   |   n | ROUGE-1 | ROUGE-2 | ROUGE-L |")
    print("|---|---|---|---|---|")
    for system, results in systems.items():
        row(f"{system} (all)", results)
    for lang in sorted(per_lang):
        for system, results in per_lang[lang].items():
            row(f"{system} ({lang})", results)


if __name__ == "__main__":
    main()
