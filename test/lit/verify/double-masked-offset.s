# hva takes one masked offset, not two.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 7{{.*}}pointer-arithmetic:{{.*}}r4 (hva+(x&mask)) += r5 ((x&mask))

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r5 = r4
	r4 &= r3
	r5 &= r3
	r4 += r2
	r4 += r5
	r0 = *(u64 *)(r4 + 0)
	exit
