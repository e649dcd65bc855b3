# The low half of hva would be host address bits in a scalar.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}ctx-access:{{.*}}hva (ctx+8) is read only whole

	.include "hu_macros.s"
	hupcall reclaim
	r0 = *(u32 *)(r1 + 8)
	exit
