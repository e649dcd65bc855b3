# A hyperupcall section with only a local label: nothing to register.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: section hupcall/reclaim holds no global function

	.section "hupcall/reclaim","ax"
f:
	r0 = 0
	exit
	.section "hupcall/aging","ax"
	.globl g
g:
	r0 = 0
	exit
