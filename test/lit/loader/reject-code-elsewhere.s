# Code in a section that is neither hupcall/<event> nor .text.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: section xdp: code outside hupcall/<event> and .text

	.section "hupcall/reclaim","ax"
	.globl f
f:
	r0 = 0
	exit
	.section "xdp","ax"
g:
	r0 = 1
	exit
