#!/usr/bin/env python3
"""Writes the guest image Inputs/facilities.c runs over on the host loader: native.c's model
(keys 3, 11 and 19 in hash bucket 3, named "kswapd", "kworker/0:1" and "init"; weights 1..8; CPU
69 busy; jobs of cost 1, 2, 3; CPUs 0, 1 and 3 online) at guest addresses, for facilities.c and
walks.c. Symbols: buckets 0x...100, seq 0x...2000, users 0x...2008, weights 0x...3000, busy
0x...4000, jobs 0x...5000, __cpu_online_mask 0x...6000.

usage: facilities_image.py HU_LOAD OUT
"""
import subprocess
import sys

G = 0xFFFF888000000000


def main():
    hu_load, out = sys.argv[1], sys.argv[2]
    words = {}

    def put(gva, *values):
        for i, v in enumerate(values):
            words[gva + 8 * i] = v

    buckets = G + 0x100
    put(buckets, *[0] * 8)
    entries = [(3, b"kswapd"), (11, b"kworker/0:1"), (19, b"init")]
    nodes = [G + 0x1000 + 0x40 * i for i in range(len(entries))]
    links = [n + 24 for n in nodes]  # struct entry: key, name[16], link {next, pprev}
    put(buckets + 8 * 3, links[0])
    for i, (key, name) in enumerate(entries):
        raw = name.ljust(16, b"\0")
        nxt = links[i + 1] if i + 1 < len(links) else 0
        pprev = buckets + 8 * 3 if i == 0 else links[i - 1]
        put(nodes[i], key, int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little"),
            nxt, pprev)
    put(G + 0x2000, 0, 0)                       # seq, users
    put(G + 0x3000, *range(1, 9))               # weights
    put(G + 0x4000, 0, 1 << 5)                  # busy: CPU 69
    jobs = G + 0x5000
    job_nodes = [G + 0x5100 + 0x20 * i for i in range(3)]
    ring = [jobs] + [n + 8 for n in job_nodes]  # struct job: cost, node {next, prev}
    put(jobs, ring[1], ring[-1])
    for i, node in enumerate(job_nodes):
        put(node, i + 1, ring[(i + 2) % len(ring)], ring[i])
    put(G + 0x6000, 0xB)                        # __cpu_online_mask
    args = ["%#x=u64:%d" % (gva, v) for gva, v in sorted(words.items())]
    subprocess.run([hu_load, "mkimage", "-o", out] + args, check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
