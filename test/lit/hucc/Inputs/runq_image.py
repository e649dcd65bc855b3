#!/usr/bin/env python3
"""Writes the guest image Inputs/runq.c runs over on the host loader: the same model native.c
builds in its own memory (4 CPUs; CPU 1 runs 5 tasks, odd ones pinned; CPU 0 runs 20; idle CPUs
2, 3 and bit 40; a static key and a run-queue lock), laid out at guest addresses.

usage: runq_image.py HU_LOAD OUT [pinning] [locked]    (prints the --sym flags for hu-load run)
"""
import subprocess
import sys

G = 0xFFFF888000000000  # guest base of the window
RUNQUEUES = 0x100       # the per-CPU symbol: an offset into each CPU's per-CPU area
PER_CPU_OFFSET = G
IDLE_BITMAP, ONLINE_MASK, SCHED_PINNING, RQ_LOCK = G + 0x8000, G + 0x8100, G + 0x8200, G + 0x8300


def rq_addr(cpu):
    return G + 0x1000 * (cpu + 1)


def main():
    hu_load, out = sys.argv[1], sys.argv[2]
    flags = sys.argv[3:]
    words = {}  # gva -> u64

    def put(gva, *values):
        for i, v in enumerate(values):
            words[gva + 8 * i] = v & 0xFFFFFFFFFFFFFFFF

    put(PER_CPU_OFFSET, *[rq_addr(c) - RUNQUEUES for c in range(4)])
    tasks = {0: [(200 + i, 0) for i in range(20)], 1: [(100 + i, i % 2) for i in range(5)]}
    for cpu in range(4):
        rq, head = rq_addr(cpu), rq_addr(cpu) + 8
        nodes = [G + 0x10000 + cpu * 0x1000 + 0x20 * i for i in range(len(tasks.get(cpu, [])))]
        links = [n + 16 for n in nodes]  # struct task: pid, flags, run_node {next, prev}
        ring = [head] + links
        put(rq, len(nodes), ring[1 % len(ring)], ring[-1])  # nr_running, tasks.next, tasks.prev
        for i, (pid, flag) in enumerate(tasks.get(cpu, [])):
            put(nodes[i], pid, flag, ring[(i + 2) % len(ring)], ring[i])
    put(IDLE_BITMAP, (1 << 2) | (1 << 3) | (1 << 40), 0, 0, 0)
    put(ONLINE_MASK, 0xF)
    put(SCHED_PINNING, 1 if "pinning" in flags else 0)
    put(RQ_LOCK, 1 if "locked" in flags else 0)
    args = ["%#x=u64:%d" % (gva, v) for gva, v in sorted(words.items())]
    subprocess.run([hu_load, "mkimage", "-o", out] + args, check=True, stdout=subprocess.DEVNULL)
    syms = {"runqueues": RUNQUEUES, "__per_cpu_offset": PER_CPU_OFFSET, "idle_bitmap": IDLE_BITMAP,
            "online_mask": ONLINE_MASK, "sched_pinning": SCHED_PINNING, "rq_lock": RQ_LOCK}
    print(" ".join("--sym %s=%#x" % kv for kv in syms.items()))


if __name__ == "__main__":
    main()
