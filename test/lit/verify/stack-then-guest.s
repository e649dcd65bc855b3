# A spilled and refilled hva stored into the window.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 7{{.*}}host-pointer-leak:{{.*}}r6 is hva, a host pointer, stored into guest memory

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	*(u64 *)(r10 - 8) = r2
	r4 &= r3
	r4 += r2
	r6 = *(u64 *)(r10 - 8)
	*(u64 *)(r4 + 0) = r6
	r0 = 0
	exit
