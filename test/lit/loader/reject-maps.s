# A .maps section: hyperupcalls have no maps.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: section .maps: maps are not supported

	.section .maps,"aw"
	.globl m
m:
	.quad 0
	.section "hupcall/reclaim","ax"
	.globl f
f:
	r0 = 0
	exit
