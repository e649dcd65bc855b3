# The context is 152 bytes.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-access:{{.*}}8-byte read at ctx+152 is outside the 152-byte context

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u64 *)(r1 + 152)
	exit
