#!/usr/bin/env python3
"""A csmith program as a hyperupcall over guest globals, for hu-difftest --globals.

    csmith.py SEED > prog.c

csmith (the Debian package) writes the program with the options below: no main and no checksum
(nothing to print), no goto, floats or builtins, no volatile pointers, small functions and arrays (a hyperupcall is loop-free: what LLVM cannot unroll hucc
refuses, and the count says so). Its arithmetic goes through csmith's safe-math functions
(libcsmith-dev's safe_math.h), so the program is defined behaviour and the native build is the
reference. The rewrite:

- the globals are the guest's memory: built with HUPCALL_NATIVE they are defined, with csmith's
  initial values, and listed in hu_difftest_globals (name, address, size); built by hucc they are
  extern, guest symbols that hu-difftest resolves to the native addresses, in a window over them;
- the entry HUPCALL(exit) returns func_1()'s result as r0 (0 when it is a struct or union, whose
  padding has no defined value; the globals still show what it did).
"""
import re
import subprocess
import sys
import tempfile

OPTIONS = ["--no-argc", "--no-checksum", "--nomain", "--no-jumps", "--no-float", "--no-builtins",
           "--no-volatile-pointers",
           "--max-funcs", "3", "--max-block-depth", "3", "--max-block-size", "3",
           "--max-expr-complexity", "5", "--max-array-len-per-dim", "4", "--max-array-dim", "2"]

# What csmith.h gives a program besides printing: fixed-width types, limits and safe math.
PRELUDE = """#include <hupcall/hupcall.h>
#include <stdint.h>
#include <limits.h>
#define STATIC static
#define UNDEFINED(v) (v)
#define LOG_INDEX
#define LOG_EXEC
#define FUNC_NAME(x) (safe_##x)
#define UNSAFE_FLOAT /* no floats (--no-float): their wrappers stay unused */
#include <safe_math.h>
#undef FUNC_NAME
"""

GLOBAL = re.compile(r"^static (?P<decl>[^=]*\b(?P<name>g_\d+)\b[^=]*?)(?: = (?P<init>.*))?;(?:/\*.*\*/)?$")


def rewrite(src):
    out, natives, externs, names = [], [], [], []
    in_globals = False
    by_value = re.search(r"^static (?:(?:const|volatile) )*(?:struct|union) \w+ +func_1\(void\);",
                         src, re.M) is not None
    for line in src.splitlines():
        if line.startswith('#include "csmith.h"'):
            out.append(PRELUDE)
            continue
        if line.startswith("volatile uint64_t csmith_sink_"):
            continue
        if "--- GLOBAL VARIABLES ---" in line:
            in_globals = True
        elif "--- FORWARD DECLARATIONS ---" in line:
            in_globals = False
            out.append("#ifdef HUPCALL_NATIVE")
            out.extend(natives)
            out.append("#else")
            out.extend(externs)
            out.append("#endif")
        m = GLOBAL.match(line) if in_globals else None
        if m:
            init = m.group("init")
            natives.append("%s%s;" % (m.group("decl"), " = " + init if init else ""))
            externs.append("extern %s;" % m.group("decl"))
            names.append(m.group("name"))
            continue
        out.append(line)
    out.append("#ifdef HUPCALL_NATIVE")
    out.append("const struct { const char *name; const volatile void *addr; unsigned long size; }")
    out.append("hu_difftest_globals[] = {")
    out.extend('    {"%s", &%s, sizeof(%s)},' % (n, n, n) for n in names)
    out.append("    {0, 0, 0}};")
    out.append("#endif")
    ret = "func_1();\n    return 0;" if by_value else "return (long)func_1();"
    out.append("HUPCALL(exit)\n{\n    %s\n}" % ret)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    # csmith writes platform.info into its working directory: give it a directory of its own.
    with tempfile.TemporaryDirectory() as scratch:
        text = subprocess.run(["csmith", "--seed", sys.argv[1]] + OPTIONS, check=True,
                              capture_output=True, text=True, cwd=scratch).stdout
    sys.stdout.write(rewrite(text))
