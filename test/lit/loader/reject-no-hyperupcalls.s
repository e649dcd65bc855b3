# Only .text: no hyperupcall at all.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: no hyperupcalls: no global function in a hupcall/<event> section

	.text
	.globl g
g:
	r0 = 0
	exit
