# The prologues hand-written hyperupcall tests share, as assembler macros: `.include "hu_macros.s"`
# with llvm-mc -I pointing at this folder. Each expands to exactly the instructions written out.

# A global function NAME in section hupcall/EVENT: one hyperupcall for EVENT.
.macro hupcall event, name=f
	.section "hupcall/\event","ax"
	.globl \name
	.type \name,@function
\name:
.endm

# From the context in CTX: the window's host address (hva, +8) and its guest_mask (+24).
.macro load_window hva=r2, mask=r3, ctx=r1
	\hva = *(u64 *)(\ctx + 8)
	\mask = *(u64 *)(\ctx + 24)
.endm

# The window and args[0] (+40): the three a masked access to an argument's address needs.
.macro load_ctx hva=r2, mask=r3, arg=r4, ctx=r1
	load_window \hva, \mask, \ctx
	\arg = *(u64 *)(\ctx + 40)
.endm

# REG = hva + (REG & mask): a guest address translated into the window, as hucc emits it.
.macro mask_guest reg=r4, hva=r2, mask=r3
	\reg &= \mask
	\reg += \hva
.endm
