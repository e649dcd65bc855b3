# hva and mask spilled and refilled, then used to translate.
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
	*(u64 *)(r10 - 8) = r2
	*(u64 *)(r10 - 16) = r3
	r2 = 0
	r3 = 0
	r5 = *(u64 *)(r10 - 8)
	r6 = *(u64 *)(r10 - 16)
	r4 &= r6
	r4 += r5
	r0 = *(u8 *)(r4 + 0)
	exit
