// hucc's own warnings follow the flags clang's follow: -Werror makes them errors (exit 1, no
// object, an older one removed), -Wno-error=NAME keeps one a warning, -Werror=NAME makes one an
// error, -Wno-NAME and -w silence them. The names are hucc's: they never reach clang, while
// -Werror and -Wno-error=NAME for clang's own warnings still do.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc --kernel -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=error:
// RUN: llvm-readelf -h %t/k.o | FileCheck %s --check-prefix=OBJ
// OBJ: Machine: EM_BPF
// RUN: not %hucc --kernel -Werror -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: not test -e %t/k.o
// RUN: %hucc --kernel -Werror -Wno-error=hupcall-asm-removed -Wno-error=hupcall-asm-goto -c %s -o %t/k.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN --implicit-check-not=error:
// RUN: not %hucc --kernel -Werror=hupcall-asm-goto -c %s -o %t/goto.o 2>&1 | FileCheck %s --check-prefix=GOTO
// RUN: not test -e %t/goto.o
// RUN: %hucc --kernel -Wno-hupcall-asm-removed -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=NO-REMOVED --implicit-check-not=removed
// RUN: %hucc --kernel -w -Werror -c %s -o %t/k.o 2>&1 | count 0
// The last flag about a name wins.
// RUN: %hucc --kernel -Werror=hupcall-asm-goto -Wno-hupcall-asm-goto -Wno-hupcall-asm-removed -c %s -o %t/k.o 2>&1 | count 0
// RUN: %hucc --kernel -Werror -Wno-error -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=error:

// The optimisation level hucc raises, in the plain route. As an error it stops hucc before any
// compile, as clang's driver errors do: nothing is written.
// RUN: %hucc -O1 -c %s -DPLAIN -o %t/p.o 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: not %hucc -O1 -Werror -c %s -DPLAIN -o %t/p2.o 2>&1 | FileCheck %s --check-prefix=OPT-ERR
// RUN: not test -e %t/p2.o
// RUN: %hucc -O1 -Werror -Wno-error=hupcall-optimization -c %s -DPLAIN -o %t/p.o 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: %hucc -O1 -Wno-hupcall-optimization -c %s -DPLAIN -o %t/p.o 2>&1 | count 0
// OPT: hucc: warning: -O1 raised to -O2: BPF code needs optimisation [-Whupcall-optimization]
// OPT-ERR: hucc: error: -O1 raised to -O2: BPF code needs optimisation [-Werror,-Whupcall-optimization]

// hucc's names stay with hucc; clang gets -Werror and its own -Wno-error=NAME.
// RUN: %hucc -### -Werror -Wno-error=hupcall-asm-goto -Wno-hupcall-asm-removed -Wno-error=unused-variable -c %s -o %t/d.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DRY
// DRY: clang{{.*}} -Werror -Wno-error=unused-variable
// DRY-NOT: hupcall-asm
// RUN: %hucc -Werror -Wunused-variable -Wno-error=unused-variable -DPLAIN -DUNUSED -c %s -o %t/u.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CLANG
// CLANG: warning: unused variable 'unused' [-Wunused-variable]
#include <hupcall/hupcall.h>

#ifndef PLAIN
extern int key_enabled;

// Top-level assembly has no line: the warning names the file, once.
// WARN-DAG: warnings.c: warning: top-level inline assembly removed [-Whupcall-asm-removed]
// WERROR-DAG: warnings.c: error: top-level inline assembly removed [-Werror,-Whupcall-asm-removed]
asm(".globl hucc_marker\nhucc_marker: nop");

static __always_inline int key_on(void)
{
    // WARN-DAG: warnings.c:[[@LINE+4]]:5: warning: asm goto replaced by its fall-through path (the jump is never taken): {{.*}} [-Whupcall-asm-goto]
    // WERROR-DAG: warnings.c:[[@LINE+3]]:5: error: asm goto replaced {{.*}} [-Werror,-Whupcall-asm-goto]
    // GOTO: warnings.c:[[@LINE+2]]:5: error: asm goto replaced {{.*}} [-Werror,-Whupcall-asm-goto]
    // NO-REMOVED: warnings.c:[[@LINE+1]]:5: warning: asm goto replaced
    asm goto("jmp %l[yes]" : : : : yes);
    return 0;
yes:
    return 1;
}
#endif

HUPCALL(aging)
{
#ifdef UNUSED
    int unused;
#endif
#ifndef PLAIN
    // WARN-DAG: warnings.c:[[@LINE+2]]:5: warning: x86 inline assembly removed: "lfence" [-Whupcall-asm-removed]
    // WERROR-DAG: warnings.c:[[@LINE+1]]:5: error: x86 inline assembly removed: "lfence" [-Werror,-Whupcall-asm-removed]
    asm volatile("lfence");
    // WARN-DAG: warnings.c:[[@LINE+2]]:5: warning: x86 builtin 'llvm.x86.sse2.pause' has no BPF equivalent: removed [-Whupcall-asm-removed]
    // WERROR-DAG: warnings.c:[[@LINE+1]]:5: error: x86 builtin 'llvm.x86.sse2.pause' has no BPF equivalent: removed [-Werror,-Whupcall-asm-removed]
    __builtin_ia32_pause();
    if (key_on())
        return 2;
#endif
    return hu_aging_gfn(ctx) & 1;
}
