# A 32-bit comparison of hva's low half.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}pointer-compare:{{.*}}r2 is hva

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	if w2 > 4096 goto +1
	r0 = 0
	r0 = 1
	exit
