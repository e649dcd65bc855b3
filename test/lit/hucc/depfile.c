// -MD/-MMD write a dependency file for the output the user named (clang itself only sees a
// temporary), in both routes, and make consumes it: the object is up to date until a header
// it includes changes.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t/inc && cp %S/Inputs/dep-header.h %t/inc/ && cp %s %t/dep.c
// RUN: cd %t && %hucc -MD -MP -Iinc -c dep.c -o out.o
// RUN: FileCheck %s --input-file=%t/out.d
// CHECK: out.o: dep.c {{.*}}hupcall/hupcall.h
// CHECK: inc/dep-header.h
// CHECK: inc/dep-header.h:
// RUN: printf 'out.o: dep.c\n\tfalse\n-include out.d\n' > %t/Makefile
// RUN: make -C %t -q out.o
// RUN: touch %t/inc/dep-header.h
// RUN: not make -C %t -q out.o

// -MMD without -MF or -o: dep.d beside dep.o, system headers left out.
// RUN: cd %t && %hucc -MMD -Iinc -c dep.c
// RUN: FileCheck %s --check-prefix=MMD --input-file=%t/dep.d
// MMD: dep.o: dep.c inc/dep-header.h
// MMD-NOT: hupcall.h

// The kernel's own form, -Wp,-MMD,file, in kernel mode: the target is still the output.
// RUN: cd %t && %hucc --kernel -Wp,-MMD,%t/k.d -Iinc -c dep.c -o k.o
// RUN: FileCheck %s --check-prefix=KERNEL --input-file=%t/k.d
// KERNEL: k.o: dep.c inc/dep-header.h
#include <hupcall/hupcall.h>

#include "dep-header.h"

HUPCALL(aging)
{
    return hu_aging_gfn(ctx) * DEP_HEADER_VALUE;
}
