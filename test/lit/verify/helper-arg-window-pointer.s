# A translated pointer passed to memcpy: helpers take guest addresses.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 8{{.*}}helper-arg-pointer:{{.*}}argument r1 of memcpy is hva+(x&mask)

	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r2 = *(u64 *)(r1 + 8)
	r3 = *(u64 *)(r1 + 24)
	r4 = *(u64 *)(r1 + 40)
	r4 &= r3
	r4 += r2
	r1 = r4
	r2 = 0
	r3 = 8
	call 4
	exit
