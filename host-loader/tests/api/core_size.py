#!/usr/bin/env python3
"""The trusted core stays small and self-contained.

Prints the line count of core/ (the verifier, the engines, registration and the fire path) and
fails above the ceiling docs/host-loader.md states; fails when the core's archive needs libelf or
stream I/O (it formats messages with snprintf, nothing more).

usage: core_size.py --core DIR --ceiling N --nm NM --lib libhuhost_core.a
"""
import argparse
import os
import subprocess
import sys

STREAM_IO = {"fopen", "fdopen", "fclose", "fread", "fwrite", "fprintf", "printf", "vfprintf",
             "puts", "fputs", "fputc", "putchar", "getline", "fgets", "perror", "fflush",
             "stdin", "stdout", "stderr"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--core", required=True)
    ap.add_argument("--ceiling", type=int, required=True)
    ap.add_argument("--nm", required=True)
    ap.add_argument("--lib", required=True)
    args = ap.parse_args()

    parts = {}
    for root, _, files in os.walk(args.core):
        for f in files:
            if f.endswith((".c", ".h")):
                with open(os.path.join(root, f)) as fh:
                    n = sum(1 for _ in fh)
                part = os.path.relpath(root, args.core)
                parts[part] = parts.get(part, 0) + n
    total = sum(parts.values())
    detail = ", ".join(f"{'registration' if p == '.' else p} {n}" for p, n in sorted(parts.items()))
    print(f"trusted core: {total} lines ({detail}); ceiling {args.ceiling}")

    out = subprocess.run([args.nm, "-u", args.lib], capture_output=True, text=True,
                         check=True).stdout
    needed = {l.split()[-1] for l in out.splitlines() if l.strip() and not l.endswith(":")}
    bad = sorted(s for s in needed if s in STREAM_IO or s.startswith(("elf_", "gelf_", "elf64_")))
    for s in bad:
        print(f"the core needs {s}: no libelf and no stream I/O in core/")
    return 1 if total > args.ceiling or bad else 0


if __name__ == "__main__":
    sys.exit(main())
