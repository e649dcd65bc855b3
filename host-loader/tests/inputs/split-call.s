# A hostile object: a BPF-to-BPF call whose target is the second slot of an ld_imm64 that names
# the guest symbol `counter` (hostile_objects.c).
	.include "hu_macros.s"
	hupcall reclaim, split_call
	.byte 0x85, 0x10, 0, 0, 1, 0, 0, 0 # call (src 1, imm 1): pc + 1 + 1, the second slot below
	r1 = counter ll
	r0 = 0
	exit
