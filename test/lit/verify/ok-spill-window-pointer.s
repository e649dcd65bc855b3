# A translated pointer spilled and refilled (what compiled code does under pressure).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: %hu-load verify %t.o

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	r4 &= r3
	r4 += r2
	*(u64 *)(r10 - 24) = r4
	r4 = 0
	r7 = *(u64 *)(r10 - 24)
	r0 = *(u64 *)(r7 + 8)
	exit
