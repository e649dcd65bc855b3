# A byte swap of hva.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}pointer-arithmetic:{{.*}}bswap

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	r2 = bswap64 r2
	r0 = 0
	exit
