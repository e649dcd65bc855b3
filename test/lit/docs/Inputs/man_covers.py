#!/usr/bin/env python3
"""Checks that a manual page names everything a reference text names: each match of REGEX in
TEXT (a --help output, a header) must appear in the page's text (roff, escapes removed).
Prints the names missing, exit 1, or how many were found. Usage: man_covers.py PAGE TEXT REGEX"""
import re
import sys


def page_text(path):
    roff = open(path, encoding="utf-8").read()
    roff = re.sub(r"\\f[BIRP]", "", roff)
    return roff.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "")


def main():
    page, text, regex = sys.argv[1:4]
    wanted = sorted(set(m.group(m.lastindex or 0) for m in
                        re.finditer(regex, open(text, encoding="utf-8").read())))
    body = page_text(page)
    missing = [w for w in wanted if w not in body]
    for w in missing:
        print("missing from %s: %s" % (page, w))
    if missing or not wanted:
        sys.exit(1)
    print("all %d found" % len(wanted))


if __name__ == "__main__":
    main()
