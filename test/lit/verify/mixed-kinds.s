# hva on one path, a scalar on the other.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 6{{.*}}mixed-kinds:{{.*}}r2 is mixed(scalar|hva)

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	if r4 == 0 goto +1
	r2 = 0
	r4 &= r3
	r4 += r2
	r0 = *(u64 *)(r4 + 0)
	exit
