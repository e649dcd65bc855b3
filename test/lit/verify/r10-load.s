# Loading into r10.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}r10-write:{{.*}}r10

	.include "hu_macros.s"
	hupcall reclaim
	r10 = *(u64 *)(r1 + 40)
	r0 = 0
	exit
