# hva + constant first, then the masked offset.
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
	r2 += 24
	r4 &= r3
	r2 += r4
	r0 = *(u32 *)(r2 + 4)
	exit
