# The context pointer plus a guest value.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}pointer-arithmetic:{{.*}}r1 (ctx) += r4 (scalar)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r1 += r4
	r0 = *(u64 *)(r1 + 0)
	exit
