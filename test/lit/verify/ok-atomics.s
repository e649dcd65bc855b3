# Atomics on the stack and the window.
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
	*(u64 *)(r10 - 8) = 0
	r5 = 1
	lock *(u64 *)(r10 - 8) += r5
	r5 = atomic_fetch_add((u64 *)(r4 + 0), r5)
	r0 = 0
	r0 = cmpxchg_64(r4 + 8, r0, r5)
	w6 = 3
	lock *(u32 *)(r4 + 16) |= w6
	r0 = 0
	exit
