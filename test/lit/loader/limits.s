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

# The total: five code sections, each within the per-section limit (section-too-big.test).
.ifdef BIG
.macro quarter_mi
.rept 262144
	r0 = 0
.endr
.endm
	.text
	quarter_mi
	.section "hupcall/aging","ax"
	quarter_mi
	.section "hupcall/preempt","ax"
	quarter_mi
	.section "hupcall/entry","ax"
	quarter_mi
	.section "hupcall/exit","ax"
	quarter_mi
.endif
