#!/usr/bin/env python3
"""Random loop-free C over a graph of guest structures, for hu-difftest.

    gen.py SEED > prog.c

The program is one hyperupcall (event exit) written the way kernel code is: pointer hops through
struct node (next pointers, a tagged pointer cleared with & ~7), unions, bitfields, fields of
every width and signedness, signed and unsigned arithmetic (/ and % included), if/else,
switches, non-inlined functions, vCPU helpers, cmpxchg, __sync_* read-modify-writes and memcmp
(its length a constant, a mask, min(), a shift or checked before the call). Everything is defined
behaviour in C (arithmetic in unsigned long, sums into signed variables through ADD, divisions
guarded), so the native build is the reference.
"""
import random
import sys

HEADER = """#include <hupcall/hupcall.h>
#include <hupcall/atomic.h>

struct node {
    struct node *next[2];
    unsigned long tagged; /* a node address, tag in the low 3 bits */
    union {
        u64 q;
        u32 d[2];
        u16 w[4];
        u8 b[8];
    } u;
    struct {
        unsigned int a : 3, b : 7, c : 13;
        int s : 9;
    } bf;
    s32 si;
    s16 sh;
    u8 by;
    s8 sb;
    long l[2];
};

#define SDIV(a, b) ((b) == 0 || (b) == -1 ? (a) : (a) / (b))
#define SMOD(a, b) ((b) == 0 || (b) == -1 ? (a) : (a) % (b))
#define UDIV(a, b) ((b) == 0 ? (a) : (a) / (b))
#define SIGN(x) ((long)((x) > 0) - (long)((x) < 0))
/* v += x without signed overflow, which is undefined (gcc -O1 used it: seed 101140) */
#define ADD(v, x) ((v) = (long)((unsigned long)(v) + (unsigned long)(x)))
"""

# (expression suffix, C type) of the fields a load may read.
FIELDS = [("u.q", "u64"), ("u.d[0]", "u32"), ("u.d[1]", "u32"), ("u.w[1]", "u16"),
          ("u.w[3]", "u16"), ("u.b[0]", "u8"), ("u.b[5]", "u8"), ("bf.a", "bf"), ("bf.b", "bf"),
          ("bf.c", "bf"), ("bf.s", "bf"), ("si", "s32"), ("sh", "s16"), ("by", "u8"),
          ("sb", "s8"), ("l[0]", "long"), ("l[1]", "long")]
# Fields cmpxchg() may target (not bitfields).
ATOMIC_FIELDS = [f for f, t in FIELDS if t != "bf"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.n_ptr = 1
        self.n_var = 3
        self.lines = []

    def ptr(self):
        return "p%d" % self.r.randrange(self.n_ptr)

    def var(self):
        return "v%d" % self.r.randrange(self.n_var)

    def load(self):
        return "%s->%s" % (self.ptr(), self.r.choice(FIELDS)[0])

    def expr(self, depth=0):
        k = self.r.randrange(10 if depth < 3 else 3)
        if k == 0:
            return "(unsigned long)%s" % self.var()
        if k == 1:
            return "(unsigned long)%s" % self.load()
        if k == 2:
            return "%dUL" % self.r.choice([0, 1, 3, 7, 255, 4096, 0x7fffffff, 12345])
        a, b = self.expr(depth + 1), self.expr(depth + 1)
        if k == 3:
            return "(%s %s %s)" % (a, self.r.choice("+-*&|^"), b)
        if k == 4:
            return "(%s %s (%s & 63))" % (a, self.r.choice(["<<", ">>"]), b)
        if k == 5:
            return "(unsigned long)((long)%s >> (%s & 63))" % (a, b)
        if k == 6:
            op = self.r.choice(["SDIV", "SMOD"])
            return "(unsigned long)%s((long)%s, (long)%s)" % (op, a, b)
        if k == 7:
            return "UDIV(%s, %s)" % (a, b)
        if k == 8:
            cmp = self.r.choice(["<", ">", "==", "!=", "<=", ">="])
            cast = self.r.choice(["(long)", "(unsigned long)", "(int)"])
            return "(unsigned long)(%s%s %s %s%s ? %s : %s)" % (
                cast, a, cmp, cast, b, self.expr(depth + 2), self.expr(depth + 2))
        return "(unsigned long)(%s)%s" % (self.r.choice(["s8", "u16", "s32", "u32"]), a)

    def stmt(self, depth=0):
        k = self.r.randrange(9 if depth < 2 else 5)
        if k == 0 and (depth or self.n_ptr >= 6):
            k = 1
        if k == 0:
            src = self.ptr()
            if self.r.randrange(3):
                rhs = "%s->next[%d]" % (src, self.r.randrange(2))
            else:
                rhs = "(struct node *)(%s->tagged & ~7UL)" % src
            self.lines.append("    struct node *p%d = %s;" % (self.n_ptr, rhs))
            self.n_ptr += 1
        elif k in (1, 2):
            self.emit("%s = (long)%s;" % (self.var(), self.expr()), depth)
        elif k == 3:
            self.emit("%s->%s = %s;" % (self.ptr(), self.r.choice(FIELDS)[0], self.expr()), depth)
        elif k == 4:
            self.emit(self.helper(), depth)
        elif k == 5:
            self.emit("if ((long)%s < (long)%s) {" % (self.expr(1), self.expr(1)), depth)
            self.stmt(depth + 1)
            self.emit("} else {", depth)
            self.stmt(depth + 1)
            self.emit("}", depth)
        elif k == 6:
            self.emit("switch (%s & 7) {" % self.expr(2), depth)
            for c in sorted(self.r.sample(range(8), self.r.randrange(2, 7))):
                self.emit("case %d:" % c, depth)
                self.stmt(depth + 1)
                self.emit("    break;", depth)
            self.emit("}", depth)
        elif k == 7:
            self.emit("%s = (long)hop(%s, %s);" % (self.var(), self.ptr(), self.expr(2)), depth)
        else:
            self.emit("bump(%s, %s);" % (self.ptr(), self.expr(2)), depth)

    def helper(self):
        k = self.r.randrange(5)
        v = self.var()
        if k == 0:
            return "ADD(%s, hu_get_vcpu_register(%s & 3, %d));" % (v, self.expr(2),
                                                                   self.r.randrange(4))
        if k == 1:
            return "ADD(%s, hu_get_exit_info(%d));" % (v, self.r.randrange(6))
        f = self.r.choice(ATOMIC_FIELDS)
        p = self.ptr()
        if k == 3:  # a read-modify-write builtin (hupcall-atomics)
            op = self.r.choice(["__sync_fetch_and_add", "__sync_fetch_and_sub", "__sync_fetch_and_or",
                                "__sync_fetch_and_and", "__sync_fetch_and_xor",
                                "__sync_lock_test_and_set"])
            return "ADD(%s, %s(&%s->%s, %s));" % (v, op, p, f, self.expr(2))
        if k == 4:  # memcmp of two nodes' bytes, its length bounded (hupcall-strings)
            cmp = "ADD(%s, SIGN(memcmp(&%s->u, &%s->u, %%s)));" % (v, p, self.ptr())
            n = self.r.randrange(5)
            if n == 0:
                return cmp % self.r.randrange(1, 24)
            if n == 4:  # a range check guarding the call
                return "if ((unsigned long)%s <= 20) %s" % (v, cmp % ("(unsigned long)" + v))
            return cmp % ["(%s & 15)", "min(%s, 24UL)", "(%s >> 59)"][n - 1] % self.expr(2)
        old = "%s->%s" % (p, f) if self.r.randrange(2) else self.expr(2)
        return "ADD(%s, cmpxchg(&%s->%s, %s, %s));" % (v, p, f, old, self.expr(2))

    def emit(self, line, depth):
        self.lines.append("    " + "    " * depth + line)

    def program(self):
        out = [HEADER]
        out.append("static __attribute__((noinline)) unsigned long hop(struct node *n, "
                   "unsigned long k)\n{\n    return (unsigned long)n->next[k & 1]->l[k >> 1 & 1] "
                   "+ n->by;\n}\n")
        out.append("static __attribute__((noinline)) void bump(struct node *n, unsigned long v)"
                   "\n{\n    ADD(n->l[1], v);\n    n->bf.b = v;\n}\n")
        for _ in range(self.r.randrange(6, 18)):
            self.stmt()
        out.append("HUPCALL(exit)\n{")
        out.append("    struct node *p0 = (struct node *)hu_arg(ctx, 0);")
        out.append("    long v0 = (long)hu_arg(ctx, 1), v1 = (long)hu_arg(ctx, 2), "
                   "v2 = (long)hu_arg(ctx, 3);")
        out.extend(self.lines)
        out.append("    return (long)((unsigned long)v0 * 31 + (unsigned long)v1 * 7 + "
                   "(unsigned long)v2 + (unsigned long)p%d->%s);" % (
                       self.r.randrange(self.n_ptr), self.r.choice(FIELDS)[0]))
        out.append("}")
        return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(Gen(int(sys.argv[1])).program())
