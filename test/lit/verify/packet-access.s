# Legacy packet access (ld_abs) is not part of a hyperupcall.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}bad-opcode:{{.*}}legacy packet access

	.include "hu_macros.s"
	hupcall reclaim
	.byte 0x20, 0, 0, 0, 0, 0, 0, 0
	exit
