# ctx moved past its end by a constant.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}ctx-access:{{.*}}ctx+160

	.include "hu_macros.s"
	hupcall reclaim
	r1 += 160
	r0 = *(u64 *)(r1 + 0)
	exit
