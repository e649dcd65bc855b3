# A hostile object: the local function symbol `mid` sits on the second slot of an ld_imm64 that
# names the guest symbol `counter`, splitting the pair across two functions (hostile_objects.c).
	.section "hupcall/reclaim","ax"
	.globl split_symbol
	.type split_symbol,@function
split_symbol:
	r1 = counter ll
	r0 = 0
	exit
	.type mid,@function
	.set mid, split_symbol + 8
