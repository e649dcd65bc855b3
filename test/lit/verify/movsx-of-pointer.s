# Sign-extending part of a stack pointer.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}pointer-arithmetic:{{.*}}r0 = r10 (fp)

	.include "hu_macros.s"
	hupcall reclaim
	r0 = (s32)r10
	exit
