# Below the 512-byte frame.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}stack-out-of-frame:{{.*}}fp-520 is outside the frame

	.include "hu_macros.s"
	hupcall reclaim
	*(u64 *)(r10 - 520) = 0
	r0 = 0
	exit
