// hucc's flag table: host-only flags are dropped (-v names them), -O0/-O1 become -O2 with a
// warning, source flags reach clang in order, BPF flags only the BPF stage, and -### prints the
// exact commands without running anything.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -### -O1 -mcmodel=kernel -mno-red-zone -mretpoline-external-thunk -fcf-protection=branch -pg -flto=thin -DFOO=1 -I%t/inc -std=gnu11 -Wall -fno-strict-aliasing -mcpu=v3 -c %s -o %t/x.o 2>&1 | FileCheck %s --check-prefix=DRY
// RUN: not test -e %t/x.o
// DRY: hucc: warning: -O1 raised to -O2: BPF code needs optimisation
// DRY-NOT: -mcmodel
// DRY-NOT: red-zone
// DRY-NOT: retpoline
// DRY-NOT: cf-protection
// DRY-NOT: -pg
// DRY-NOT: lto
// DRY: {{[^ ]*}}clang{{[^ ]*}} --target=bpf -O2 -g -nostdlibinc -fno-jump-tables -DFOO=1 -I{{[^ ]*}}/inc -std=gnu11 -Wall -fno-strict-aliasing -Wno-unknown-warning-option -D__HUPCALL__=1 -isystem {{[^ ]*}}include --no-system-header-prefix=hupcall/ -mcpu=v4 -mcpu=v3 -fpass-plugin={{[^ ]*}}HupcallPass.so -mllvm -unroll-max-upperbound=4096 -mllvm -pragma-unroll-threshold=262144 -c {{[^ ]*}}flags.c -o {{[^ ]*}}x.o.tmp-XXXXXX
// DRY-NEXT: hucc: verify {{[^ ]*}}x.o (libhuhost, in-process)

// -v runs the same command and lists what it dropped; -g0 turns debug info off.
// RUN: %hucc -v -g0 -O3 -mcmodel=kernel -mno-red-zone -c %s -o %t/x.o 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: llvm-readelf -S %t/x.o | FileCheck %s --check-prefix=NODEBUG
// VERBOSE: hucc: dropped host-only flag -mcmodel=kernel
// VERBOSE-NEXT: hucc: dropped host-only flag -mno-red-zone
// VERBOSE-NEXT: {{[^ ]*}}clang{{[^ ]*}} --target=bpf -O3 -nostdlibinc -fno-jump-tables -Wno-unknown-warning-option -D__HUPCALL__=1
// VERBOSE-NEXT: hucc: verify
// NODEBUG-NOT: .debug_line

// Kernel mode: the x86-64 front end writes IR (bitcode), clang generates BPF from it with the
// plugin, whose hupcall-retarget runs first and gets the state of hucc's kernel-mode warnings.
// RUN: %hucc -### -D__KERNEL__ -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=KERNEL
// RUN: %hucc -### --kernel -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=KERNEL
// KERNEL: clang{{[^ ]*}} --target=x86_64-unknown-linux-gnu -O2 -Xclang -disable-llvm-passes -g {{.*}}-c -emit-llvm {{[^ ]*}}flags.c -o [[X86:[^ ]+]]
// KERNEL-NEXT: clang{{[^ ]*}} --target=bpf -O2 {{.*}}-Wno-override-module -mllvm -hupcall-retarget -mllvm -hupcall-asm-removed=warning -mllvm -hupcall-asm-goto=warning -mllvm -hupcall-attribute-warning=warning -mcpu=v4 {{.*}}-fpass-plugin={{[^ ]*}} -mllvm -unroll-max-upperbound=4096 -mllvm -pragma-unroll-threshold=262144 -c -x ir [[X86]] -o {{[^ ]*}}k.o.tmp-XXXXXX
// RUN: %hucc -### --kernel -Wno-hupcall-asm-removed -Werror=hupcall-asm-goto -c %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=KERNEL-W
// KERNEL-W: -mllvm -hupcall-asm-removed=ignore -mllvm -hupcall-asm-goto=error

// --no-verify skips the verifier; -S writes BPF assembly (never verified).
// RUN: %hucc -### --no-verify -c %s -o %t/x.o 2>&1 | FileCheck %s --check-prefix=NOVERIFY
// NOVERIFY-NOT: hucc: verify
// RUN: %hucc -S %s -o %t/x.s
// RUN: FileCheck %s --check-prefix=ASM --input-file=%t/x.s
// ASM: .section "hupcall/reclaim"
// ASM: hupcall_reclaim:
// ASM: exit

// -E preprocesses with the framework headers on the path.
// RUN: %hucc -E %s | FileCheck %s --check-prefix=PP
// PP: __attribute__((section("hupcall/" "reclaim"), used)) long hupcall_reclaim(const struct hu_ctx *ctx __attribute__((unused)))
#include <hupcall/hupcall.h>

HUPCALL(reclaim)
{
    return hu_reclaim_gfn(ctx);
}
