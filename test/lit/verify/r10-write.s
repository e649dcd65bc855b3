# The frame pointer is read-only.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}r10-write:{{.*}}r10 (the frame pointer) is read-only

	.include "hu_macros.s"
	hupcall reclaim
	r10 += 8
	r0 = 0
	exit
