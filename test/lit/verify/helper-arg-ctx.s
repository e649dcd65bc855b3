# The context passed to get_vcpu_register.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 2{{.*}}helper-arg-pointer:{{.*}}argument r1 of get_vcpu_register is ctx

	.include "hu_macros.s"
	hupcall reclaim
	r2 = 0
	r2 += 0
	call 2
	exit
