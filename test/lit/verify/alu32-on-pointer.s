# 32-bit arithmetic on hva.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}pointer-arithmetic:{{.*}}32-bit operations truncate host pointers

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	w2 += w4
	r0 = *(u64 *)(r2 + 0)
	exit
