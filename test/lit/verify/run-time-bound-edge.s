# 1364 calls of a two-instruction function, EXTRA moves and exit: 4092 + EXTRA + 1 instructions
# executed. 4096 is the global limit; a local event's is larger.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj --defsym EXTRA=3 --defsym LOCAL=0 %s -o %t.ok.o
# RUN: %hu-load verify %t.ok.o
# RUN: llvm-mc -triple=bpfel -filetype=obj --defsym EXTRA=4 --defsym LOCAL=0 %s -o %t.over.o
# RUN: not %hu-load verify %t.over.o 2>&1 | FileCheck %s
# CHECK: run-time-bound: the longest path executes 4097 instructions, over the limit of 4096; this instruction adds 3 of them
# RUN: llvm-mc -triple=bpfel -filetype=obj --defsym EXTRA=4 --defsym LOCAL=1 %s -o %t.local.o
# RUN: %hu-load verify %t.local.o

.if LOCAL
	.section "hupcall/exit","ax"
.else
	.section "hupcall/reclaim","ax"
.endif
	.globl f
	.type f,@function
f:
.rept 1364
	call g
.endr
.rept EXTRA
	r0 = 0
.endr
	exit
g:
	r0 = 0
	exit
