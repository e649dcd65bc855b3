# Guest symbols: ld_imm64 relocations against undefined symbols are resolved at registration from
# a System.map plus the KASLR slide (also passed to the hyperupcall as env[0]); the relocation's
# addend is kept; an unresolved symbol is an error naming it.
# REQUIRES: hu-load
# RUN: llvm-mc -triple=bpfel -filetype=obj -I %S/../verify/Inputs %s -o %t.o
# RUN: printf 'ffffffff81000000 T _stext\nffffffff81200000 D jiffies\nffffffff81200040 d x\t[mod]\n' > %t.map
# RUN: %hu-load mkimage -o %t.img 0xffffffff83200000=u64:0x1111,0x2222,0x3333,0x4444
# RUN: %hu-load verify %t.o | FileCheck %s --check-prefix=VERIFY
# VERIFY: accepted (2 hyperupcalls)
# RUN: %hu-load run --image %t.img --event reclaim --name addr --symbols %t.map --slide 0x2000000 \
# RUN:   %t.o | FileCheck %s --check-prefix=ADDR
# ADDR: r0 = 0xffffffff83200018
# RUN: %hu-load run --engine jit --image %t.img --event reclaim --name load --symbols %t.map \
# RUN:   --slide 0x2000010 %t.o | FileCheck %s --check-prefix=LOAD
# LOAD: r0 = 0x3333
# A literal --sym needs no map.
# RUN: %hu-load run --image %t.img --event reclaim --name addr --sym jiffies=0x1000 %t.o \
# RUN:   | FileCheck %s --check-prefix=SYM
# SYM: r0 = 0x1018
# RUN: not %hu-load run --image %t.img --event reclaim %t.o 2>&1 | FileCheck %s --check-prefix=UNRES
# UNRES: unresolved guest symbol jiffies
# RUN: printf 'ffffffff81000000 T _stext\n' > %t.other.map
# RUN: not %hu-load run --image %t.img --event reclaim --symbols %t.other.map %t.o 2>&1 \
# RUN:   | FileCheck %s --check-prefix=UNRES
# RUN: printf 'not a map\n' > %t.bad.map
# RUN: not %hu-load run --image %t.img --event reclaim --symbols %t.bad.map %t.o 2>&1 \
# RUN:   | FileCheck %s --check-prefix=BADMAP
# BADMAP: bad.map:1: expected "ADDRESS TYPE NAME"

	.include "hu_macros.s"
	hupcall reclaim, addr
	r0 = jiffies+0x18 ll
	exit

	.globl load
	.type load,@function
load:
	load_window
	r4 = jiffies ll
	mask_guest
	r0 = *(u64 *)(r4 + 0)
	exit
