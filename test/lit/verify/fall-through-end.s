# Execution runs off the end.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}fall-through-end:{{.*}}runs past the last instruction

	.include "hu_macros.s"
	hupcall reclaim
	r0 = 0
