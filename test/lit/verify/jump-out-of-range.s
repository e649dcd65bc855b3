# A jump past the end of the program.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}jump-out-of-range:{{.*}}outside the program

	.include "hu_macros.s"
	hupcall reclaim
	r0 = 0
	goto +10
	exit
