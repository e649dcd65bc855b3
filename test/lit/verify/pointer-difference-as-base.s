# A difference of host pointers is not a base.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}pointer-arithmetic:{{.*}}r5 (hva) -= r2 (hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r5 = r2
	r5 -= r2
	r0 = *(u64 *)(r5 + 0)
	exit
