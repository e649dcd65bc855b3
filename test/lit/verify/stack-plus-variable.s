# A stack pointer plus a guest value (variable stack indices are not supported).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}pointer-arithmetic:{{.*}}r5 (fp) += r4 (scalar)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r5 = r10
	r5 += r4
	r0 = *(u64 *)(r5 - 8)
	exit
