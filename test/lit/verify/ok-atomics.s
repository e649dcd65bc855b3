# Atomics on the stack and the window.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: %hu-load verify %t.o

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	mask_guest
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
