# A stack pointer returned.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}host-pointer-return:{{.*}}r0 is fp

	.include "hu_macros.s"
	hupcall reclaim
	r0 = r10
	exit
