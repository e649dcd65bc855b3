# A relocation of the wrong kind in code (R_BPF_64_ABS64 from .quad).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: relocation type 2 at insn 2 is not supported

	.section "hupcall/reclaim","ax"
	.globl f
f:
	r0 = 0
	exit
	.quad jiffies
