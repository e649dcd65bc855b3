// An object the pass lets through but the host verifier rejects is rejected by hucc at compile
// time, as the host would at registration: "file:line:col: error: <rule>" from the object's line
// info (or the output's name when the rule has no line), exit 1, no output file.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %hucc -DHELPER -c %s -o %t/helper.o 2>&1 | FileCheck %s --check-prefix=HELPER
// RUN: not test -e %t/helper.o
// RUN: not %hucc --kernel -DHELPER -c %s -o %t/khelper.o 2>&1 | FileCheck %s --check-prefix=HELPER
// RUN: not test -e %t/khelper.o
// RUN: not %hucc -DBIG -c %s -o %t/big.o 2>&1 | FileCheck %s --check-prefix=BIG
// RUN: not test -e %t/big.o
// --no-verify writes it anyway, and the host loader rejects it the same way.
// RUN: %hucc --no-verify -DHELPER -c %s -o %t/helper.o
// RUN: llvm-readelf -h %t/helper.o | FileCheck %s --check-prefix=ELF
// ELF: Machine: EM_BPF
#include <hupcall/hupcall.h>

extern unsigned long table[];

HUPCALL(reclaim)
{
    unsigned long i, s = 0;

#ifdef HELPER
    // A global event may not inject interrupts.
    // HELPER: verify-reject.c:[[@LINE+1]]:5: error: helper-not-allowed: send_vcpu_ipi
    hu_send_vcpu_ipi(1, 2);
#endif
#ifdef BIG
    // 1500 unrolled iterations are far more than a global hyperupcall's 4096 instructions.
    // BIG: big.o: error: too-many-insns: {{[0-9]+}} instructions, the limit is 4096
    hu_for_bounded(i, hu_reclaim_gfn(ctx), 1500) s += READ_ONCE(table[i]) * (i + 3);
#endif
    (void)i;
    return s;
}
