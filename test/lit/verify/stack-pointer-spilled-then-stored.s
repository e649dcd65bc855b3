# r10 spilled, refilled and written into guest memory.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 9{{.*}}host-pointer-leak:{{.*}}r6 is fp-16

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	r4 &= r3
	r4 += r2
	r5 = r10
	r5 += -16
	*(u64 *)(r10 - 8) = r5
	r6 = *(u64 *)(r10 - 8)
	*(u64 *)(r4 + 0) = r6
	r0 = 0
	exit
