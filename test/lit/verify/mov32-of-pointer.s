# Truncating hva to 32 bits makes host address bits a scalar.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/Inputs %s -o %t.o
# RUN: not %hu-load verify %t.o 2>&1 | FileCheck %s
# CHECK: insn 3{{.*}}pointer-arithmetic:{{.*}}r5 = r2 (hva)

	.include "hu_macros.s"
	hupcall reclaim
	load_ctx
	w5 = w2
	r0 = r5
	exit
