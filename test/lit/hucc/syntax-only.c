// -fsyntax-only runs the front end's checks and writes nothing: no object, no temporary, and an
// existing output named with -o is left exactly as it was (never removed), in both routes.
// REQUIRES: hucc, plugin
// RUN: rm -rf %t && mkdir -p %t && cd %t && cp %s ok.c
// RUN: printf 'keep' > old.o && cp old.o expected.o
// RUN: %hucc -fsyntax-only -c ok.c -o old.o
// RUN: %hucc --kernel -fsyntax-only -c ok.c -o old.o
// RUN: cmp old.o expected.o
// RUN: ls | FileCheck %s --check-prefix=FILES --implicit-check-not=.tmp-
// FILES: expected.o
// FILES-NEXT: ok.c
// FILES-NEXT: old.o
// An error is still an error (exit 1), and still writes nothing.
// RUN: not %hucc -fsyntax-only -DBROKEN -c ok.c -o old.o 2>&1 | FileCheck %s --check-prefix=BROKEN
// BROKEN: ok.c:[[#@LINE+9]]:14: error: use of undeclared identifier 'undeclared'
// RUN: cmp old.o expected.o
// The command: the front end only, no plugin, no -o.
// RUN: %hucc -### -fsyntax-only -c ok.c -o old.o 2>&1 | FileCheck %s --check-prefix=DRY
// DRY: clang{{.*}} --target=bpf {{.*}}-fsyntax-only ok.c{{$}}
// DRY-NOT: fpass-plugin
#include <hupcall/hupcall.h>

#ifdef BROKEN
int broken = undeclared;
#endif

HUPCALL(aging)
{
    return hu_aging_gfn(ctx) & 1;
}
