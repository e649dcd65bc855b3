# The context is read-only, immediates too.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-store:{{.*}}the context is read-only

	.include "hu_macros.s"
	hupcall reclaim
	*(u32 *)(r1 + 0) = 3
	r0 = 0
	exit
