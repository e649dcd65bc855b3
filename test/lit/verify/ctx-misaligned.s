# Context fields are read naturally aligned.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-access:{{.*}}8-byte read at ctx+44 is misaligned

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u64 *)(r1 + 44)
	exit
