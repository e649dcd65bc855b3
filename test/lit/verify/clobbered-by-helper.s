# r1-r5 are clobbered by a helper call.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}uninit-register:{{.*}}r1 is read before it is written

	.include "hu_macros.s"
	hupcall reclaim
	r1 = 0
	r2 = 0
	call 2
	r0 = r1
	exit
