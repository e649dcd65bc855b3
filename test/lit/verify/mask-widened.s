# The mask or-ed with more bits is no longer the mask.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 5{{.*}}guest-access-unmasked:{{.*}}r4 (scalar) += r2 (hva)

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	r3 |= 65535
	r4 &= r3
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
