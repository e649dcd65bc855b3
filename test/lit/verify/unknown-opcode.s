# Opcode 0xff is not defined.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}bad-opcode:{{.*}}opcode 0xff

	.include "hu_macros.s"
	hupcall reclaim
	.byte 0xff, 0, 0, 0, 0, 0, 0, 0
	r0 = 0
	exit
