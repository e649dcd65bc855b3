# send_vcpu_ipi is not for global events.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 2{{.*}}helper-not-allowed:{{.*}}send_vcpu_ipi is not allowed for event reclaim (16)

	.include "hu_macros.s"
	hupcall reclaim
	r1 = 0
	r2 = 0
	call 1
	exit
