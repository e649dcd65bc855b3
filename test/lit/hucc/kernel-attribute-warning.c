// A kept call to a function with the warning attribute (the kernel's __compiletime_warning) is
// reported at the user's line in kernel mode as in the plain route, and follows clang's flags for
// -Wattribute-warning: the back end printed it at the x86 step's temporary file, with that
// file's bitcode as the source line.
// REQUIRES: hucc, plugin, hu-load
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc --kernel -c -O2 -g %s -o %t/k.o 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=warning: --implicit-check-not=error:
// RUN: %hucc -c -O2 -g %s -o %t/p.o 2>&1 | FileCheck %s --check-prefix=WARN --implicit-check-not=warning: --implicit-check-not=error:
// RUN: not %hucc --kernel -Werror -c -O2 -g %s -o %t/e.o 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not test -e %t/e.o
// RUN: %hucc --kernel -Werror -Wno-error=attribute-warning -c -O2 -g %s -o %t/k2.o 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %hucc --kernel -Wno-attribute-warning -c -O2 -g %s -o %t/k3.o 2>&1 | count 0
// RUN: %hu-load mkimage -o %t/img 0xffff888000000000=u64:0
// RUN: %hu-load run --engine jit --image %t/img --window 0xffff888000000000:0x100000 --event aging --arg 0=5 %t/k.o | FileCheck %s --check-prefix=OUT
// RUN: %hu-load run --engine interp --image %t/img --window 0xffff888000000000:0x100000 --event aging --arg 0=5 %t/p.o | FileCheck %s --check-prefix=OUT
// OUT-NOT: fault
// OUT: r0 = 0x10{{$}}
#include <hupcall/hupcall.h>

static __attribute__((noinline, warning("slow path: take the fast one"))) long slow(long x)
{
    return x * 3 + 1;
}

HUPCALL(aging)
{
    // WARN: kernel-attribute-warning.c:[[@LINE+2]]:12: warning: call to 'slow' declared with 'warning' attribute: slow path: take the fast one [-Wattribute-warning]
    // ERR: kernel-attribute-warning.c:[[@LINE+1]]:12: error: call to 'slow' declared with 'warning' attribute: slow path: take the fast one [-Werror,-Wattribute-warning]
    return slow((long)hu_arg(ctx, 0));
}
