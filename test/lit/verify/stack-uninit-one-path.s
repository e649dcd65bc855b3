# Written on one path only.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}stack-uninit-read:{{.*}}fp-8

	.include "hu_macros.s"
	hupcall reclaim
	r2 = *(u64 *)(r1 + 40)
	if r2 == 0 goto +1
	*(u64 *)(r10 - 8) = 1
	r0 = *(u64 *)(r10 - 8)
	exit
