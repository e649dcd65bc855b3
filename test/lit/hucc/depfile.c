// -MD/-MMD write a dependency file for the output the user named (clang itself only sees a
// temporary), in both routes, and make consumes it: the object is up to date until a header
// it includes changes - the framework's own headers included, which -MMD lists (Kbuild's fixdep
// reads -MMD output), while clang's freestanding headers stay out of -MMD as system headers.
// The dependency writer wraps long lines (`out.o: dep.c \`), and where it wraps depends on the
// length of the paths, so the checks read the file with its continuation lines joined: the tree
// may sit anywhere (a clone in a long path is checked below).
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t/inc && cp %S/Inputs/dep-header.h %t/inc/ && cp %s %t/dep.c
// RUN: cd %t && %hucc -MD -MP -Iinc -c dep.c -o out.o
// RUN: sed -e :a -e '/\\$/N; s/ *\\\n */ /; ta' %t/out.d | FileCheck %s
// CHECK: out.o: dep.c {{.*}}hupcall/hupcall.h {{.*}}stddef.h {{.*}}inc/dep-header.h
// CHECK: inc/dep-header.h:
// RUN: printf 'out.o: dep.c\n\tfalse\n-include out.d\n' > %t/Makefile
// RUN: make -C %t -q out.o
// RUN: touch %t/inc/dep-header.h
// RUN: not make -C %t -q out.o

// -MMD without -MF or -o: dep.d beside dep.o; the framework's headers in, clang's stddef.h out.
// RUN: cd %t && %hucc -MMD -Iinc -c dep.c
// RUN: sed -e :a -e '/\\$/N; s/ *\\\n */ /; ta' %t/dep.d | FileCheck %s --check-prefix=MMD
// MMD: dep.o: dep.c {{[^ ]*}}hupcall/hupcall.h {{.*}}hupcall/list.h {{.*}}inc/dep-header.h
// RUN: not grep stddef.h %t/dep.d

// Being user headers, the framework's headers must compile without a warning under the strict
// flags a kernel build may add (both routes).
// RUN: cd %t && %hucc -Wall -Wextra -Wdeclaration-after-statement -Wundef -Wvla -Wstrict-prototypes -Wmissing-prototypes -Werror -Iinc -c dep.c -o strict.o
// RUN: cd %t && %hucc --kernel -Wall -Wextra -Wdeclaration-after-statement -Wundef -Wvla -Wstrict-prototypes -Wmissing-prototypes -Werror -Iinc -c dep.c -o strict.o

// The kernel's own form, -Wp,-MMD,file, in kernel mode: the target is still the output.
// RUN: cd %t && %hucc --kernel -Wp,-MMD,%t/k.d -Iinc -c dep.c -o k.o
// RUN: sed -e :a -e '/\\$/N; s/ *\\\n */ /; ta' %t/k.d | FileCheck %s --check-prefix=KERNEL
// KERNEL: k.o: dep.c {{[^ ]*}}hupcall/hupcall.h {{.*}}inc/dep-header.h

// A framework in a long path (as a clone in a deep folder has it): every line wrapped, the same
// dependencies, and make rebuilds when a framework header changes.
// RUN: mkdir -p %t/a-folder-name-long-enough-to-wrap-every-dependency-line-of-the-file/clone
// RUN: cp -R %hupcall_include %t/a-folder-name-long-enough-to-wrap-every-dependency-line-of-the-file/clone/include
// RUN: cd %t && env HUCC_INCLUDE=%t/a-folder-name-long-enough-to-wrap-every-dependency-line-of-the-file/clone/include \
// RUN:   %hucc -MMD -Iinc -c dep.c -o out.o
// RUN: grep -c '\\$' %t/out.d | FileCheck %s --check-prefix=WRAPPED
// WRAPPED: {{[1-9][0-9]*}}
// RUN: sed -e :a -e '/\\$/N; s/ *\\\n */ /; ta' %t/out.d | FileCheck %s --check-prefix=MMD-LONG
// MMD-LONG: out.o: dep.c {{[^ ]*}}a-folder-name-long-enough-to-wrap-every-dependency-line-of-the-file/clone/include/hupcall/hupcall.h {{.*}}inc/dep-header.h
// RUN: make -C %t -q out.o
// RUN: touch %t/a-folder-name-long-enough-to-wrap-every-dependency-line-of-the-file/clone/include/hupcall/list.h
// RUN: not make -C %t -q out.o
#include <hupcall/hupcall.h>
#include <stddef.h>

#include "dep-header.h"

HUPCALL(aging)
{
    return hu_aging_gfn(ctx) * DEP_HEADER_VALUE + (sizeof(size_t) - 8);
}
