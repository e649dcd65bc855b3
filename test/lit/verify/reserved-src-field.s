# An immediate add with a non-zero src field.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}bad-opcode:{{.*}}immediate ALU with non-zero src

	.include "hu_macros.s"
	hupcall reclaim
	.byte 0x07, 0x10, 0, 0, 1, 0, 0, 0
	r0 = 0
	exit
