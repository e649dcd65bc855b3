# 4097 instructions on a global event (limit 4096).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: error: too-many-insns: 4097 instructions, the limit is 4096

	.include "hu_macros.s"
	hupcall reclaim
.rept 4096
	r0 = 0
.endr
	exit
