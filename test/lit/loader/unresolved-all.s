# Registration names every unresolved guest symbol at once (each once, in reference order), so a
# missing System.map entry is fixed in one go; a resolved symbol is not listed.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: %hu-load mkimage -o %t.img 0x1000=u64:0
# RUN: not %hu-load run --image %t.img --event reclaim --sym jiffies=0x1000 %t.o 2>&1 \
# RUN:   | FileCheck %s
# CHECK: f: unresolved guest symbols: nr_free, totalram_pages, zone_list{{$}}

	.include "hu_macros.s"
	hupcall reclaim
	r1 = nr_free ll
	r2 = jiffies ll
	r3 = totalram_pages ll
	r4 = nr_free ll
	r5 = zone_list ll
	r0 = 0
	exit
