# Half a host pointer stored on the stack.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}host-pointer-leak:{{.*}}stored in part

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	*(u32 *)(r10 - 8) = r2
	r0 = 0
	exit
