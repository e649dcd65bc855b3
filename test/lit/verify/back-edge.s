# A loop.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 2{{.*}}back-edge:{{.*}}jump to 0 goes backwards

	.include "hu_macros.s"
	hupcall reclaim
	r0 = 0
	r0 += 1
	if r0 < 10 goto -3
	exit
