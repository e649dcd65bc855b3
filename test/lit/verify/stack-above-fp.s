# At or above r10.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}stack-out-of-frame:{{.*}}4-byte access at fp-2

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u32 *)(r10 - 2)
	exit
