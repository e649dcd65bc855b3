# Bounds on the work a hostile object can ask for: at most 64 hyperupcalls per object and
# 2^20 instructions of code (docs/host-loader.md).
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: 65 hyperupcalls in one object, at most 64
# RUN: llvm-mc -triple=bpfel -filetype=obj -defsym=BIG=1 %s -o %t.big.o
# RUN: not %hu-load verify %t.big.o 2>&1 | FileCheck %s --check-prefix=BIG
# BIG: more than 1048576 instructions of code in the object

	.section "hupcall/reclaim","ax"
.macro hu
	.globl f\@
f\@:
	r0 = 0
	exit
.endm
.rept 65
	hu
.endr

.ifdef BIG
	.text
.rept 1048577
	r0 = 0
.endr
.endif
