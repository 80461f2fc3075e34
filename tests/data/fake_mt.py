#!/usr/bin/env python3
"""A deterministic stand-in for an MT engine, for the `command` engine tests.

Reads one sentence per line on stdin, writes one "translation" per line on stdout: each word
looked up in a small German-English table, anything else (numbers, placeholders, names) copied.
Every call appends a line with the number of sentences to the file named by FAKE_MT_CALLS.

Options: --drop-digits drops every all-digit token (an engine that loses placeholders);
--fail prints an error on stderr and exits with 3.
"""
import os
import re
import sys

WORDS = {
    "der": "the", "die": "the", "das": "the", "dem": "the", "den": "the",
    "ein": "a", "eine": "a", "einen": "a",
    "gericht": "court", "landgericht": "regional court", "kläger": "claimant",
    "klage": "action", "urteil": "judgment", "jury": "jury",
    "sprach": "awarded", "zu": "", "hat": "has", "wies": "dismissed", "ab": "",
    "verhängte": "imposed", "geldbuße": "fine", "von": "of", "gegen": "against",
    "strafschadensersatz": "pure damages", "schadensersatz": "damages",
    "und": "and", "ist": "is", "nichtig": "void", "vertrag": "contract",
    "am": "on", "dienstag": "Tuesday", "mittwoch": "Wednesday",
    "unternehmen": "company", "das": "the", "seit": "since", "prüft": "is examining",
    "fall": "case", "mitteilte": "announced", "wie": "as", "es": "it",
}

def translate(line, drop_digits):
    out = []
    for tok in re.findall(r"\w+|[^\w\s]", line):
        if tok.isdigit():
            if not drop_digits:
                out.append(tok)
            continue
        t = WORDS.get(tok.lower(), tok)
        if t and tok[:1].isupper() and not out:
            t = t[:1].upper() + t[1:]
        if t:
            out.append(t)
    text = " ".join(out)
    return re.sub(r" ([.,;:!?])", r"\1", text)

def main():
    args = sys.argv[1:]
    if "--fail" in args:
        sys.stderr.write("fake_mt: model file not found\n")
        sys.exit(3)
    lines = sys.stdin.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    calls = os.environ.get("FAKE_MT_CALLS")
    if calls:
        with open(calls, "a", encoding="utf-8") as f:
            f.write(f"{len(lines)}\n")
    drop = "--drop-digits" in args
    sys.stdout.write("".join(translate(l, drop) + "\n" for l in lines))

if __name__ == "__main__":
    main()
