# A host pointer spilled across two slots.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}host-pointer-leak:{{.*}}stored in part

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u64 *)(r10 - 12) = r2
	r0 = 0
	exit
