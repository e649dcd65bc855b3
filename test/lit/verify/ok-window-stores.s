# Scalars, the mask and immediates stored into the window.
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
	*(u64 *)(r4 + 0) = r3
	*(u32 *)(r4 + 8) = 7
	r5 = r4
	r5 += 16
	*(u8 *)(r5 + 0) = r3
	r0 = 0
	exit
