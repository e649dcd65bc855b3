# A stack pointer plus a guest value (variable stack indices are not supported).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 4{{.*}}pointer-arithmetic:{{.*}}r5 (fp) += r4 (scalar)

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	r5 = r10
	r5 += r4
	r0 = *(u64 *)(r5 - 8)
	exit
