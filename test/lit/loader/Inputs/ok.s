# A minimal valid hyperupcall, for tests that assemble it for other targets or damage it.
	.section "hupcall/reclaim","ax"
	.globl f
	.type f,@function
f:
	r0 = 0
	exit
