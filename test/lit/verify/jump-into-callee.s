# A jump from the entry into another function.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}jump-out-of-range:{{.*}}outside the function

	.include "hu_macros.s"
	hupcall reclaim
	r0 = 0
	if r0 == 0 goto +2
	call g
	exit
g:
	r0 = 1
	exit
