// The C headers a freestanding compiler provides (stdint.h, stddef.h, stdbool.h, limits.h,
// stdarg.h) work in both routes: for BPF, hucc leaves the host's x86 C library headers out
// (-nostdlibinc), which clang's stdint.h and limits.h would otherwise pull in and fail on.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -c %s -o %t/bpf.o
// RUN: %hucc --kernel -c %s -o %t/kernel.o
// RUN: llvm-objdump -d %t/bpf.o | FileCheck %s
// RUN: llvm-objdump -d %t/kernel.o | FileCheck %s
// CHECK: <hupcall_exit>:
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hupcall/hupcall.h>

_Static_assert(sizeof(uint64_t) == 8 && sizeof(size_t) == 8 && INT_MAX == INT32_MAX, "LP64");

HUPCALL(exit)
{
    uint64_t reason = hu_exit_reason(ctx);
    bool big = reason > (uint64_t)INT_MAX;

    return big ? -1 : (long)(reason + offsetof(struct hu_ctx, args));
}
