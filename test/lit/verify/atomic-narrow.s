# 16-bit atomics do not exist.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 1{{.*}}bad-opcode:{{.*}}atomic width

	.include "hu_macros.s"
	hupcall reclaim
	*(u64 *)(r10 - 8) = 0
	.byte 0xcb, 0x1a, 0xf8, 0xff, 0, 0, 0, 0
	r0 = 0
	exit
