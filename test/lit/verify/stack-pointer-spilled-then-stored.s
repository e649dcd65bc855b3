# r10 spilled, refilled and written into guest memory.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 9{{.*}}host-pointer-leak:{{.*}}r6 is fp-16

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	r5 = r10
	r5 += -16
	*(u64 *)(r10 - 8) = r5
	r6 = *(u64 *)(r10 - 8)
	*(u64 *)(r4 + 0) = r6
	r0 = 0
	exit
