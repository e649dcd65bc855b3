# memset of up to 4096 bytes per call, called 17 times on the path: 69632 bytes, over a global
# event's 65536 (16 bytes per instruction of its 4096 limit). 16 calls pass.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs --defsym CALLS=16 %s -o %t.ok.o
# RUN: %hu-load verify %t.ok.o
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs --defsym CALLS=17 %s -o %t.over.o
# RUN: not %hu-load verify %t.over.o 2>&1 | FileCheck %s
# CHECK: insn 0{{.*}}helper-byte-budget: memcpy/memset on the longest path may touch 69632 bytes (4096 per call), over the budget of 65536; this instruction adds 4096 of them

	.include "hu_macros.s"
	hupcall reclaim
.rept CALLS
	call clear
.endr
	r0 = 0
	exit
clear:
	r1 = 0
	r2 = 0
	r3 = 4096
	call 5
	exit
