// Kernel mode on code with x86 inline assembly: asm goto (a static key) takes its fall-through
// path, statement assembly (lfence) is removed, a barrier becomes a compiler fence - each with a
// warning at its line. Assembly that produces a value is an error at its line (a %gs per-CPU
// read), unless optimisation removes it (the kernel's __builtin_constant_p dispatch in
// arch_test_bit, called with a constant). The result is a verified BPF object.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -D__KERNEL__ -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: llvm-objdump -dr %t/k.o | FileCheck %s --check-prefix=OBJ
// RUN: not %hucc -D__KERNEL__ -DGS_READ -c %s -o %t/gs.o 2>&1 | FileCheck %s --check-prefix=GS
// RUN: not test -e %t/gs.o
// RUN: not %hucc -D__KERNEL__ -DBT_VARIABLE -c %s -o %t/bt.o 2>&1 | FileCheck %s --check-prefix=BT
// RUN: not test -e %t/bt.o
// The plain BPF route rejects the same file: its inline assembly never reaches an object.
// RUN: not %hucc -c %s -o %t/bpf.o 2>&1 | FileCheck %s --check-prefix=BPF
// RUN: not test -e %t/bpf.o
#include <hupcall/hupcall.h>

struct static_key_x86 {
    int enabled;
};
extern struct static_key_x86 sched_key;
extern unsigned long pcpu_counter;
extern unsigned long nr_frames;

/* The kernel's arch_static_branch: a 5-byte nop patched into a jump when the key flips. */
static __always_inline int arch_static_branch(struct static_key_x86 *key)
{
    // WARN-DAG: kernel-asm.c:[[@LINE+1]]:5: warning: asm goto replaced by its fall-through path
    asm goto("1: .byte 0x0f,0x1f,0x44,0x00,0\n\t"
             ".pushsection __jump_table, \"aw\"\n\t"
             ".quad 1b, %l[l_yes], %c0\n\t"
             ".popsection"
             :
             : "i"(key)
             :
             : l_yes);
    return 0;
l_yes:
    return 1;
}

static inline unsigned long this_cpu_read_counter(void)
{
    unsigned long v;

    // GS: kernel-asm.c:[[@LINE+1]]:5: error: per-CPU access through %gs cannot run in a hyperupcall: {{.*}} (in 'this_cpu_read_counter')
    asm volatile("movq %%gs:%1, %0" : "=r"(v) : "m"(pcpu_counter));
    return v;
}

/* x86's arch_test_bit: C for a constant bit number, bt for a variable one. */
static __always_inline int arch_test_bit(unsigned long nr, const unsigned long *addr)
{
    int oldbit;

    if (__builtin_constant_p(nr))
        return (addr[nr / 64] >> (nr % 64)) & 1;
    // BT: kernel-asm.c:[[@LINE+1]]:5: error: x86 inline assembly with outputs cannot run in a hyperupcall: "btq $2,$1; setc $0" (in 'arch_test_bit')
    asm volatile("btq %2,%1; setc %0" : "=r"(oldbit) : "m"(*addr), "Ir"(nr));
    return oldbit;
}
extern unsigned long frame_bits[];

HUPCALL(reclaim)
{
    unsigned long gfn = hu_reclaim_gfn(ctx);

    asm volatile("" ::: "memory");
    // WARN-DAG: kernel-asm.c:[[@LINE+2]]:5: warning: x86 inline assembly removed: "lfence"
    // BPF: kernel-asm.c:[[@LINE+1]]:5: error:
    asm volatile("lfence");
    if (arch_static_branch(&sched_key))
        return 2;
#ifdef GS_READ
    gfn += this_cpu_read_counter();
#endif
    gfn += arch_test_bit(5, frame_bits);
#ifdef BT_VARIABLE
    gfn += arch_test_bit(gfn, frame_bits);
#endif
    return gfn < READ_ONCE(nr_frames);
}

// OBJ: Disassembly of section hupcall/reclaim:
// OBJ-DAG: R_BPF_64_64 frame_bits
// OBJ-DAG: R_BPF_64_64 nr_frames
// OBJ-NOT: sched_key
// OBJ: exit
