# A jump into the second slot of an ld_imm64.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}jump-into-ld-imm64:{{.*}}target 2 is the second slot

	.include "hu_macros.s"
	hupcall reclaim
	goto +1
	r0 = 0x1122334455667788 ll
	exit
