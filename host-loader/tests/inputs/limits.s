# Instruction limits at registration (runtime_test.c): a local hyperupcall above the default
# 65536 and a global one above 4096.
	.include "hu_macros.s"
	hupcall entry, big_local
.rept 70000
	r0 = 1
.endr
	exit

	hupcall reclaim, big_global
.rept 4096
	r0 = 2
.endr
	exit
