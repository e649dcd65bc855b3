# reclaim: r0 = the u64 at the window's base (ctx->guest_base, read through hva) + the frame number.
	.section "hupcall/reclaim","ax"
	.globl add_word
	.type add_word,@function
add_word:
	r2 = *(u64 *)(r1 + 8)
	r0 = *(u64 *)(r2 + 0)
	r3 = *(u64 *)(r1 + 40)
	r0 += r3
	exit
