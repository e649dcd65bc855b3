# Instruction limits at registration (runtime_test.c): a local hyperupcall above the default
# 65536 and a global one above 4096.
	.section "hupcall/entry","ax"
	.globl big_local
	.type big_local,@function
big_local:
.rept 70000
	r0 = 1
.endr
	exit

	.section "hupcall/reclaim","ax"
	.globl big_global
	.type big_global,@function
big_global:
.rept 4096
	r0 = 2
.endr
	exit
