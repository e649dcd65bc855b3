# A hostile object: the local function symbol `mid` sits on the second slot of an ld_imm64 that
# names the guest symbol `counter`, splitting the pair across two functions (hostile_objects.c).
	.include "hu_macros.s"
	hupcall reclaim, split_symbol
	r1 = counter ll
	r0 = 0
	exit
	.type mid,@function
	.set mid, split_symbol + 8
