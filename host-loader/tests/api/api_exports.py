#!/usr/bin/env python3
"""The shipped libhuhost.a exports exactly the functions huhost.h declares.

Every global symbol the archive defines must be declared in the header, and every function the
header declares must be defined. Then a program that defines names the library uses inside
(vm_load) and calls glibc's verr(3) links with the archive and gets glibc's verr.

usage: api_exports.py --nm NM --cc CC --header huhost.h --lib libhuhost.a --clash link_clash.c
                      --include DIR... --link=LIB...
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile


def declared(header):
    text = open(header).read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    # A declaration at the start of a line: return type, then name( - not a member pointer.
    return set(re.findall(r"^[A-Za-z_][\w \*]*?\b(hu_\w+)\s*\(", text, flags=re.M))


def exported(nm, lib):
    out = subprocess.run([nm, "-g", "--defined-only", lib], capture_output=True, text=True,
                         check=True).stdout
    return {f[2] for f in (l.split() for l in out.splitlines()) if len(f) == 3}


def main():
    ap = argparse.ArgumentParser()
    for a in ("--nm", "--cc", "--header", "--lib", "--clash"):
        ap.add_argument(a, required=True)
    ap.add_argument("--include", nargs="+", default=[])
    ap.add_argument("--link", action="append", default=[], help="a library after the archive")
    args = ap.parse_args()

    api, syms = declared(args.header), exported(args.nm, args.lib)
    extra, missing = sorted(syms - api), sorted(api - syms)
    print(f"{len(api)} functions declared in huhost.h, {len(syms)} symbols exported")
    for s in extra:
        print(f"exported but not in huhost.h: {s}")
    for s in missing:
        print(f"declared in huhost.h but not defined: {s}")
    if extra or missing or not api:
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "link_clash")
        cmd = [args.cc, "-std=c11", "-o", exe, args.clash, args.lib]
        cmd[2:2] = [f"-I{d}" for d in args.include]
        r = subprocess.run(cmd + args.link, capture_output=True, text=True)
        if r.returncode:
            print(f"link_clash does not link:\n{r.stderr}")
            return 1
        r = subprocess.run([exe], capture_output=True, text=True)
        want = "link_clash: vm_load 7, "
        if r.returncode != 3 or want not in r.stderr or "No such file or directory" not in r.stderr:
            print(f"link_clash: status {r.returncode}, stderr {r.stderr!r}: not glibc's verr")
            return 1
        print(f"link_clash: glibc's verr ran: {r.stderr.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
