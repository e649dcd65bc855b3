# Half of the slot was written.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}stack-uninit-read:{{.*}}fp-4 is read before it is written

	.include "hu_macros.s"
	hupcall reclaim
	*(u32 *)(r10 - 8) = 0
	r0 = *(u64 *)(r10 - 8)
	exit
