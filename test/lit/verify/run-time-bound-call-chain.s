# Eight functions, each calling the next 500 times: 3,516 instructions, but a run would execute
# about 500^7 of them. The longest path, callees counted at each call site, is over the global
# event's 4096: rejected at the entry's first call.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}run-time-bound: the longest path executes {{[0-9]+}} or more instructions, over the limit of 4096; this instruction adds {{[0-9]+}} of them

	.include "hu_macros.s"
	hupcall reclaim, f0
.rept 500
	call f1
.endr
	exit
f1:
.rept 500
	call f2
.endr
	exit
f2:
.rept 500
	call f3
.endr
	exit
f3:
.rept 500
	call f4
.endr
	exit
f4:
.rept 500
	call f5
.endr
	exit
f5:
.rept 500
	call f6
.endr
	exit
f6:
.rept 500
	call f7
.endr
	exit
f7:
	r0 = 0
	exit
