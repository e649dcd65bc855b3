// An embedded object carries what the host needs - the code, BTF and its line info (.BTF.ext) -
// and no DWARF: hucc --embed strips it from the copy the table includes (the plain object keeps
// it). The host still reports a rejection at its source line from that copy. --embed -v prints
// the sizes.
// REQUIRES: hucc, hu-load, plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -c %s -o %t/plain.o
// RUN: llvm-readelf -S %t/plain.o | FileCheck %s --check-prefix=PLAIN
// PLAIN: .debug_info
// RUN: %hucc --embed -v -c %s -o %t/ok.hu.o 2> %t/verbose.txt
// RUN: FileCheck %s --check-prefix=SIZES --input-file=%t/verbose.txt
// SIZES: hucc: embed sizes: object {{[0-9]+}} bytes, {{[0-9]+}} without DWARF (BTF {{[1-9][0-9]*}}, BTF.ext {{[1-9][0-9]*}}); table {{[0-9]+}} bytes for 1 hyperupcall (each entry carries the object)
// RUN: llvm-objcopy -O binary --only-section=hupcalls %t/ok.hu.o %t/ok.table
// RUN: %python %S/Inputs/table_object.py %t/ok.table 0 %t/ok.embedded.o
// RUN: llvm-readelf -S %t/ok.embedded.o | FileCheck %s --check-prefix=EMBEDDED --implicit-check-not=.debug
// EMBEDDED-DAG: hupcall/aging
// EMBEDDED-DAG: .BTF
// EMBEDDED-DAG: .BTF.ext
// The figures -v printed are the files' own: the object, the embedded copy, the table section.
// RUN: sh -c 'grep -q "object $(wc -c < %t/plain.o) bytes, $(wc -c < %t/ok.embedded.o) without DWARF" %t/verbose.txt'
// RUN: sh -c 'grep -q "table $(wc -c < %t/ok.table) bytes" %t/verbose.txt'
// RUN: sh -c 'test $(wc -c < %t/ok.embedded.o) -lt $(wc -c < %t/plain.o)'
// An object the host rejects, embedded without verification: the host's verifier still names
// the source line, from the embedded copy's BTF.ext.
// RUN: %hucc --no-verify --embed -DREJECT -c %s -o %t/bad.hu.o
// RUN: llvm-objcopy -O binary --only-section=hupcalls %t/bad.hu.o %t/bad.table
// RUN: %python %S/Inputs/table_object.py %t/bad.table 0 %t/bad.embedded.o
// RUN: not %hu-load verify %t/bad.embedded.o 2>&1 | FileCheck %s --check-prefix=LINE
#include <hupcall/hupcall.h>

HUPCALL(aging)
{
#ifdef REJECT
    // A global event may not inject interrupts.
    // LINE: embed-dwarf.c:[[@LINE+1]]:5: error: helper-not-allowed: send_vcpu_ipi
    hu_send_vcpu_ipi(1, 2);
#endif
    return hu_aging_gfn(ctx) & 1;
}
