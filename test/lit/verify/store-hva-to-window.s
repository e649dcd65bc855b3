# hva written into guest memory.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}host-pointer-leak:{{.*}}r2 is hva, a host pointer, stored into guest memory

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	*(u64 *)(r4 + 0) = r2
	r0 = 0
	exit
