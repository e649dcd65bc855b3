# A spilled and refilled hva stored into the window.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 7{{.*}}host-pointer-leak:{{.*}}r6 is hva, a host pointer, stored into guest memory

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u64 *)(r10 - 8) = r2
	mask_guest
	r6 = *(u64 *)(r10 - 8)
	*(u64 *)(r4 + 0) = r6
	r0 = 0
	exit
