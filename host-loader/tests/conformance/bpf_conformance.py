#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the BPF conformance suite (tests/*.data) in libhuhost's interpreter.

Each program is assembled here from the suite's syntax (`mov32 %r0, 0`, `ldxdw %r0, [%r1+2]`,
`jeq %r1, 0xb, label`, `lock fetch add32 [%r10-8], %r1`, `call local f`, ...), run by
conformance_runner with r1 = the `-- mem` block and r2 = its length, and r0 is compared with
`-- result`. A jump to `exit` without such a label goes to the program's last instruction, as the
suite's own assembler does. Where a `-- raw` section exists the assembly is checked against it.
Prints "N passed, M failed" and the interpreter's speed in ns per executed instruction.

The programs the suite's README names as engine tests that break the hyperupcall rules (loops,
unknown helpers) must also be rejected by the verifier, for the reason given in MUST_REJECT.
"""
import argparse
import glob
import os
import struct
import subprocess
import sys

SKIP = 77  # ctest SKIP_RETURN_CODE

ALU_OPS = {"add": 0x00, "sub": 0x10, "mul": 0x20, "div": 0x30, "or": 0x40, "and": 0x50,
           "lsh": 0x60, "rsh": 0x70, "neg": 0x80, "mod": 0x90, "xor": 0xa0, "mov": 0xb0,
           "arsh": 0xc0, "sdiv": 0x30, "smod": 0x90}
JMP_OPS = {"jeq": 0x10, "jgt": 0x20, "jge": 0x30, "jset": 0x40, "jne": 0x50, "jsgt": 0x60,
           "jsge": 0x70, "jlt": 0xa0, "jle": 0xb0, "jslt": 0xc0, "jsle": 0xd0}
SIZES = {"b": 0x10, "h": 0x08, "w": 0x00, "dw": 0x18}
ATOMIC_OPS = {"add": 0x00, "or": 0x40, "and": 0x50, "xor": 0xa0, "xchg": 0xe1, "cmpxchg": 0xf1}


# Program -> the verifier rule that must reject it (README: "check separately that the verifier
# rejects the ones that break those rules"). Helper 5 is memset in the hyperupcall ABI, so
# call_unwind_fail is refused for calling it with uninitialised arguments; callx is no RFC 9669
# opcode the verifier accepts.
MUST_REJECT = {"prime": "back-edge", "exit-not-last": "back-edge",
               "call_unwind_fail": "uninit-register", "callx": "opcode"}


class AsmError(Exception):
    pass


def reg(tok):
    tok = tok.strip()
    if not tok.startswith("%r") or not tok[2:].isdigit() or int(tok[2:]) > 10:
        raise AsmError("bad register %r" % tok)
    return int(tok[2:])


def is_reg(tok):
    return tok.strip().startswith("%r")


def num(tok):
    try:
        return int(tok.strip(), 0)
    except ValueError:
        raise AsmError("bad number %r" % tok)


def imm32(v):
    v &= 0xffffffff
    return v - (1 << 32) if v & 0x80000000 else v


def mem_operand(tok):
    """[%rN+off] / [%rN-off] / [%rN] -> (reg, off)."""
    tok = tok.strip()
    if not (tok.startswith("[") and tok.endswith("]")):
        raise AsmError("bad memory operand %r" % tok)
    body = tok[1:-1].replace(" ", "")
    for sign in "+-":
        if sign in body[1:]:
            r, o = body.split(sign, 1)
            return reg(r), num(o) * (-1 if sign == "-" else 1)
    return reg(body), 0


def insn(code, dst=0, src=0, off=0, imm=0):
    return struct.pack("<BBhi", code, (src << 4) | dst, off, imm32(imm))


def parse(asm):
    """Lines -> list of (mnemonic, operands) and a label table in instruction slots."""
    items, labels, pc = [], {}, 0
    for raw in asm.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.endswith(":"):
            labels[line[:-1].strip()] = pc
            continue
        mnem, _, rest = line.partition(" ")
        if mnem == "lock":
            words = rest.split(None, 2) if rest.startswith("fetch ") else rest.split(None, 1)
            mnem = "lock " + " ".join(words[:-1])
            rest = words[-1]
        ops = [o.strip() for o in rest.split(",")] if rest.strip() else []
        items.append((mnem, ops))
        pc += 2 if mnem == "lddw" else 1
    return items, labels, pc


def assemble(asm):
    items, labels, total = parse(asm)
    out, pc = [], 0

    def target(tok):
        if tok in labels:
            return labels[tok] - (pc + 1)
        if tok == "exit":
            return total - 1 - (pc + 1)
        return num(tok)

    for mnem, ops in items:
        base = mnem[:-2] if mnem.endswith("32") and mnem[:-2] in ALU_OPS else mnem
        wide = not mnem.endswith("32")
        if mnem.startswith("movsx"):  # movsx832: 8 -> 32 bits; movsx864: 8 -> 64 bits
            bits, width = mnem[5:-2], mnem[-2:]
            cls = 0x07 if width == "64" else 0x04
            out.append(insn(cls | 0x08 | 0xb0, reg(ops[0]), reg(ops[1]), int(bits)))
        elif base in ALU_OPS:
            cls = 0x07 if wide else 0x04
            off = 1 if base in ("sdiv", "smod") else 0
            if base == "neg":
                out.append(insn(cls | 0x80, reg(ops[0])))
            elif is_reg(ops[1]):
                out.append(insn(cls | 0x08 | ALU_OPS[base], reg(ops[0]), reg(ops[1]), off))
            else:
                out.append(insn(cls | ALU_OPS[base], reg(ops[0]), 0, off, num(ops[1])))
        elif mnem[:2] in ("be", "le") and mnem[2:] in ("16", "32", "64"):
            out.append(insn(0xdc if mnem[:2] == "be" else 0xd4, reg(ops[0]), 0, 0, int(mnem[2:])))
        elif mnem.startswith(("bswap", "swap")):
            out.append(insn(0xd7, reg(ops[0]), 0, 0, int(mnem[-2:])))
        elif mnem == "lddw":
            v = num(ops[1]) & (1 << 64) - 1
            out.append(insn(0x18, reg(ops[0]), 0, 0, v & 0xffffffff))
            out.append(insn(0x00, 0, 0, 0, v >> 32))
        elif mnem.startswith("ldxs") and mnem[4:] in SIZES:
            r, o = mem_operand(ops[1])
            out.append(insn(0x81 | SIZES[mnem[4:]], reg(ops[0]), r, o))
        elif mnem.startswith("ldx") and mnem[3:] in SIZES:
            r, o = mem_operand(ops[1])
            out.append(insn(0x61 | SIZES[mnem[3:]], reg(ops[0]), r, o))
        elif mnem.startswith("stx") and mnem[3:] in SIZES:
            r, o = mem_operand(ops[0])
            out.append(insn(0x63 | SIZES[mnem[3:]], r, reg(ops[1]), o))
        elif mnem.startswith("st") and mnem[2:] in SIZES:
            r, o = mem_operand(ops[0])
            out.append(insn(0x62 | SIZES[mnem[2:]], r, 0, o, num(ops[1])))
        elif mnem.startswith("lock "):
            words = mnem.split()[1:]
            fetch = words[0] == "fetch"
            op = words[-1]
            size = 0x00 if op.endswith("32") else 0x18
            op = op[:-2] if op.endswith("32") else op
            if op not in ATOMIC_OPS:
                raise AsmError("bad atomic %r" % mnem)
            r, o = mem_operand(ops[0])
            out.append(insn(0xc3 | size, r, reg(ops[1]), o, ATOMIC_OPS[op] | int(fetch)))
        elif mnem == "ja":
            out.append(insn(0x05, 0, 0, target(ops[0])))
        elif mnem == "ja32":
            out.append(insn(0x06, 0, 0, 0, target(ops[0])))
        elif (mnem[:-2] if mnem.endswith("32") else mnem) in JMP_OPS:
            cls = 0x06 if mnem.endswith("32") else 0x05
            op = JMP_OPS[mnem[:-2] if mnem.endswith("32") else mnem]
            if is_reg(ops[1]):
                out.append(insn(cls | 0x08 | op, reg(ops[0]), reg(ops[1]), target(ops[2])))
            else:
                out.append(insn(cls | op, reg(ops[0]), 0, target(ops[2]), num(ops[1])))
        elif mnem == "call":
            arg = ops[0] if ops else ""
            if arg.startswith("local "):
                out.append(insn(0x85, 0, 1, 0, target(arg[6:].strip())))
            elif is_reg(arg):
                out.append(insn(0x8d, reg(arg)))
            else:
                out.append(insn(0x85, 0, 0, 0, num(arg)))
        elif mnem == "exit":
            out.append(insn(0x95))
        else:
            raise AsmError("unknown mnemonic %r" % mnem)
        pc += 2 if mnem == "lddw" else 1
    return b"".join(out)


def sections(path):
    secs, cur = {}, None
    with open(path) as f:
        for line in f:
            if line.startswith("-- "):
                cur = line[3:].strip()
                secs[cur] = ""
            elif cur is not None:
                secs[cur] += line
    return secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runner", required=True)
    ap.add_argument("--tests", required=True, help="the suite's tests/ directory")
    ap.add_argument("--repeat", type=int, default=200, help="timed runs per program")
    ap.add_argument("--per-test", action="store_true", help="print each program's speed")
    ap.add_argument("--jit", action="store_true", help="run the programs in the x86-64 JIT")
    args = ap.parse_args()
    if not os.path.isdir(args.tests):
        print("bpf-conformance: skipped, no conformance data at %s" % args.tests)
        return SKIP
    files = sorted(glob.glob(os.path.join(args.tests, "*.data")))
    if not files:
        print("bpf-conformance: skipped, %s holds no .data files" % args.tests)
        return SKIP

    failed, expect, batch = [], {}, []
    for path in files:
        name = os.path.basename(path)[:-5]
        secs = sections(path)
        try:
            code = assemble(secs.get("asm", ""))
        except AsmError as e:
            failed.append("%s: assembler: %s" % (name, e))
            continue
        if "raw" in secs:
            raw = b"".join(struct.pack("<Q", int(w, 16)) for w in secs["raw"].split())
            if raw != code:
                failed.append("%s: assembly differs from the -- raw section" % name)
                continue
        mem = bytes.fromhex("".join(secs.get("mem", "").split()))
        if "error" in secs:
            expect[name] = ("error", secs["error"].strip())
        else:
            expect[name] = ("ok", int(secs["result"].strip(), 16))
        batch.append("TEST %s\nCODE %s\nMEM %s\nRUN %d\n" % (name, code.hex(), mem.hex() or "-",
                                                           args.repeat))
        if name in MUST_REJECT:
            batch.append("VERIFY\n")

    proc = subprocess.run([args.runner] + (["--jit"] if args.jit else []), input="".join(batch), capture_output=True, text=True)
    if proc.returncode != 0:
        print("bpf-conformance: runner failed (%d): %s" % (proc.returncode, proc.stderr))
        return 1
    seen, total_ns, total_steps = set(), 0.0, 0
    verified = set()
    for line in proc.stdout.splitlines():
        name, status, rest = (line.split(" ", 2) + ["", ""])[:3]
        if status == "verify":
            verified.add(name)
            if not rest.startswith("rejected ") or MUST_REJECT[name] not in rest:
                failed.append("%s: the verifier must reject it (%s), got: %s" % (
                    name, MUST_REJECT[name], rest))
            continue
        seen.add(name)
        kind, want = expect[name]
        if status == "ok":
            fields = dict(kv.split("=") for kv in rest.split())
            r0 = int(fields["r0"], 16)
            total_ns += float(fields["ns"])
            total_steps += int(fields["steps"]) * args.repeat
            if args.per_test:
                print("%s: %s instructions, %.2f ns per instruction" % (
                    name, fields["steps"], float(fields["ns"]) / (int(fields["steps"]) * args.repeat)))
            if kind != "ok" or r0 != want:
                failed.append("%s: r0 = %#x, expected %s" % (name, r0, want if kind == "error"
                                                             else hex(want)))
        elif kind != "error":
            failed.append("%s: %s" % (name, rest))
    for name in expect:
        if name not in seen or (name in MUST_REJECT and name not in verified):
            failed.append("%s: no answer from the runner" % name)

    for f in failed:
        print("FAIL " + f)
    n = len(files)
    print("bpf-conformance: %d passed, %d failed (%d also checked rejected by the verifier)"
          % (n - len(failed), len(failed), len(verified)))
    if total_steps:
        print("%s: %.2f ns per instruction (%d instructions executed in %.1f ms)"
              % ("jit" if args.jit else "interpreter", total_ns / total_steps, total_steps,
                 total_ns / 1e6))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
