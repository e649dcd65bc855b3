# Below the context.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-access:{{.*}}4-byte read at ctx-4

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u32 *)(r1 - 4)
	exit
