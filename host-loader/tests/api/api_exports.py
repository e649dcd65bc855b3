#!/usr/bin/env python3
"""The shipped libhuhost.a and libhuhost.so export exactly the functions huhost.h declares.

Every global symbol the archive defines must be declared in the header, and every function the
header declares must be defined; the shared library's dynamic symbols are the same set, each under
the version node of package/huhost.map (HUHOST_0). Then a program that defines names the library uses inside
(vm_load) and calls glibc's verr(3) links with the archive and gets glibc's verr.

usage: api_exports.py --nm NM --cc CC --header huhost.h --lib libhuhost.a --clash link_clash.c
                      [--shared libhuhost.so] --include DIR... --link=LIB...
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


def exported_dynamic(nm, lib, node="HUHOST_0"):
    """The shared library's functions, and those not under `node`."""
    out = subprocess.run([nm, "-D", "--defined-only", lib], capture_output=True, text=True,
                         check=True).stdout
    fields = [l.split() for l in out.splitlines()]
    syms = [f[2] for f in fields if len(f) == 3 and f[1] != "A"]  # A: the version node itself
    return {s.split("@")[0] for s in syms}, sorted(s for s in syms if not s.endswith("@@" + node))


def compare(api, syms, what):
    extra, missing = sorted(syms - api), sorted(api - syms)
    print(f"{len(api)} functions declared in huhost.h, {len(syms)} symbols exported by {what}")
    for s in extra:
        print(f"exported by {what} but not in huhost.h: {s}")
    for s in missing:
        print(f"declared in huhost.h but not in {what}: {s}")
    return not extra and not missing and api


def main():
    ap = argparse.ArgumentParser()
    for a in ("--nm", "--cc", "--header", "--lib", "--clash"):
        ap.add_argument(a, required=True)
    ap.add_argument("--shared", help="libhuhost.so, checked the same way")
    ap.add_argument("--include", nargs="+", default=[])
    ap.add_argument("--link", action="append", default=[], help="a library after the archive")
    args = ap.parse_args()

    api = declared(args.header)
    if not compare(api, exported(args.nm, args.lib), os.path.basename(args.lib)):
        return 1
    if args.shared:
        syms, unversioned = exported_dynamic(args.nm, args.shared)
        for s in unversioned:
            print(f"{os.path.basename(args.shared)}: {s} is not under HUHOST_0")
        if not compare(api, syms, os.path.basename(args.shared)) or unversioned:
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
