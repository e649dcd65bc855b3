# Register 11 does not exist.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}bad-opcode:{{.*}}register number above r10

	.include "hu_macros.s"
	hupcall reclaim
	.byte 0xb7, 0x0b, 0, 0, 0, 0, 0, 0
	r0 = 0
	exit
