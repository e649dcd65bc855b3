# Negating a window pointer.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}pointer-arithmetic:{{.*}}neg

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
	r4 = -r4
	r0 = 0
	exit
