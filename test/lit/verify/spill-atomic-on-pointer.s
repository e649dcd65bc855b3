# An atomic add on a spilled hva.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}stack-pointer-fill:{{.*}}fp-8 holds part of a spilled host pointer

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u64 *)(r10 - 8) = r2
	r5 = 1
	lock *(u64 *)(r10 - 8) += r5
	r0 = 0
	exit
