#!/usr/bin/env python3
"""Compile time of `hucc -c` (plugin and in-process verification included) against plain
`clang --target=bpf -O2 -g -c` on the same files, as medians of several interleaved runs; kernel
mode (`hucc --kernel -c`: x86 front end, retarget, BPF) is shown beside.

usage: compile_time.py --hucc BIN --clang BIN --include DIR [--runs N] FILE...
Prints one row per file and the ratio of the medians; the goal is hucc <= 1.2x clang.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("compile_time: failed: %s\n%s" % (" ".join(cmd), proc.stderr.decode()))
    return elapsed


def row(name, ms):
    print("%-18s %9.1f %18.1f %9.1f %6.2fx %15.1f %6.2fx" % (
        name, ms["clang"], ms["hucc --no-verify"], ms["hucc"], ms["hucc"] / ms["clang"],
        ms["hucc --kernel"], ms["hucc --kernel"] / ms["clang"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hucc", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--include", required=True, help="the framework headers (build/include)")
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    out = tempfile.mkdtemp(prefix="hucc-bench-")
    obj = os.path.join(out, "x.o")
    variants = {
        "clang": [args.clang, "--target=bpf", "-O2", "-g", "-D__HUPCALL__=1", "-isystem",
                  args.include, "-c"],
        "hucc --no-verify": [args.hucc, "--no-verify", "-c"],
        "hucc": [args.hucc, "-c"],
        "hucc --kernel": [args.hucc, "--kernel", "-c"],
    }
    print("%-18s %9s %18s %9s %7s %15s %7s" % ("file", "clang ms", "hucc --no-verify ms",
                                              "hucc ms", "ratio", "--kernel ms", "ratio"))
    totals = {name: 0.0 for name in variants}
    for path in args.files:
        samples = {name: [] for name in variants}
        for _ in range(args.runs):  # interleaved, so load changes hit every variant alike
            for name, cmd in variants.items():
                samples[name].append(timed(cmd + [path, "-o", obj]))
        med = {name: statistics.median(s) * 1000 for name, s in samples.items()}
        for name in variants:
            totals[name] += med[name]
        row(os.path.basename(path), med)
    row("total of medians", totals)
    print("runs per variant and file: %d; goal: hucc <= 1.20x clang" % args.runs)
    if os.path.exists(obj):
        os.remove(obj)
    os.rmdir(out)


if __name__ == "__main__":
    main()
