# A section for an event that does not exist.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: section hupcall/bogus: unknown event 'bogus'

	.section "hupcall/bogus","ax"
	.globl f
f:
	r0 = 0
	exit
