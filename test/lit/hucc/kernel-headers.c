// Kernel mode against the real x86-64 kernel headers, with the flags kbuild passes: the
// kernel's container_of, list_first_entry, READ_ONCE, per_cpu, constant test_bit
// and static_branch_unlikely (which reads the key) work unchanged beside the framework's hu_
// forms, without a warning, and the object verifies. What cannot run is an error at its line:
// the kernel's unbounded list_for_each_entry, test_bit on a variable bit (x86 bt),
// this_cpu_read (%gs).
// REQUIRES: hucc, plugin, linux-headers
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -fno-strict-aliasing -mcmodel=kernel -mno-red-zone -mno-sse -fno-PIE -fcf-protection=none -Wno-address-of-packed-member -c %s -o %t/ok.o 2>&1 | count 0
// RUN: llvm-objdump -dr %t/ok.o | FileCheck %s
// CHECK: Disassembly of section hupcall/reclaim:
// CHECK-DAG: R_BPF_64_64 items
// CHECK-DAG: R_BPF_64_64 __per_cpu_offset
// CHECK-DAG: R_BPF_64_64 hits
// CHECK-DAG: R_BPF_64_64 feature
// CHECK-DAG: R_BPF_64_64 other_feature
// RUN: not %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -Wno-address-of-packed-member -DKLIST -c %s -o %t/klist.o 2>&1 | FileCheck %s --check-prefix=KLIST
// RUN: not %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -Wno-address-of-packed-member -DKTESTBIT -c %s -o %t/kbit.o 2>&1 | FileCheck %s --check-prefix=KTESTBIT --implicit-check-not=bitops.h --implicit-check-not=:0:0
// RUN: not %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -Wno-address-of-packed-member -DTHISCPU -c %s -o %t/thiscpu.o 2>&1 | FileCheck %s --check-prefix=THISCPU
// The whole flag set kbuild passes for an x86-64 object (6.1, clang): host-only flags dropped,
// the rest accepted, -Wp,-MMD writes the dependencies of the real output.
// RUN: %hucc -Wp,-MMD,%t/kbuild.o.d -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_common/arch/x86/include/uapi -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -fmacro-prefix-map=./= -Wall -Wundef -Werror=strict-prototypes -Wno-trigraphs -fno-strict-aliasing -fno-common -fshort-wchar -fno-PIE -Werror=implicit-function-declaration -Werror=implicit-int -Werror=return-type -Wno-format-security -funsigned-char -std=gnu11 -mno-sse -mno-mmx -mno-sse2 -mno-3dnow -mno-avx -fcf-protection=none -m64 -falign-loops=1 -mno-80387 -mno-fp-ret-in-387 -mstack-alignment=8 -mskip-rax-setup -mtune=generic -mno-red-zone -mcmodel=kernel -Wno-sign-compare -fno-asynchronous-unwind-tables -mretpoline-external-thunk -mfunction-return=thunk-extern -fpatchable-function-entry=16,16 -fno-delete-null-pointer-checks -O2 -fstack-protector-strong -fno-stack-clash-protection -pg -mfentry -DCC_USING_NOP_MCOUNT -DCC_USING_FENTRY -falign-functions=16 -fstrict-flex-arrays=3 -fno-strict-overflow -fno-stack-check -g -gdwarf-5 -DKBUILD_BASENAME=kernel_headers -Wno-address-of-packed-member -c -o %t/kbuild.o %s
// RUN: FileCheck %s --check-prefix=KBUILD-DEP --input-file=%t/kbuild.o.d
// KBUILD-DEP: kbuild.o: \
// KBUILD-DEP-NEXT: kernel-headers.c
// KBUILD-DEP: include/linux/list.h
// RUN: llvm-objdump -dr %t/kbuild.o | FileCheck %s
// RUN: not test -e %t/klist.o
// RUN: not test -e %t/kbit.o
// RUN: not test -e %t/thiscpu.o
#include <linux/bitops.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>

#include <hupcall/hupcall.h>

struct item {
    int v;
    struct list_head node;
};
extern struct list_head items;
DECLARE_PER_CPU(unsigned long, hits);
extern unsigned long bitmap[];
DECLARE_STATIC_KEY_FALSE(feature);
DECLARE_STATIC_KEY_TRUE(other_feature);

HUPCALL(reclaim)
{
    struct item *it = list_first_entry(&items, struct item, node);
    long s = READ_ONCE(it->v);

    if (static_branch_unlikely(&feature))
        s += 10;
    if (hu_static_branch_likely(&other_feature))
        s += 20;
    s += hu_test_bit(hu_reclaim_gfn(ctx), bitmap) + test_bit(3, bitmap);
    s += per_cpu(hits, hu_reclaim_gfn(ctx) & 3);
#ifdef KLIST
    // KLIST: kernel-headers.c:[[@LINE+1]]:5: error: hupcall: loop survives optimisation
    list_for_each_entry(it, &items, node) s += it->v;
#endif
#ifdef KTESTBIT
    // The asm sits in asm/bitops.h: the error points at the line here that led to it.
    // KTESTBIT: kernel-headers.c:[[@LINE+1]]:10: error: x86 inline assembly with outputs cannot run in a hyperupcall: {{.*}} (in 'variable_test_bit')
    s += test_bit(hu_reclaim_gfn(ctx), bitmap);
#endif
#ifdef THISCPU
    // THISCPU: kernel-headers.c:[[@LINE+1]]:10: error: per-CPU access through %gs cannot run in a hyperupcall
    s += this_cpu_read(hits);
#endif
    return s;
}
