// Kernel mode turns the x86 static-key asm goto (arch_static_branch, arch_static_branch_jump:
// a __jump_table entry naming the key and the branch flag) into the branch the kernel would
// patch in, reading the key's `enabled` from guest memory. Run on the host loader over images
// with each key on and off: static_branch_unlikely of a false key and static_branch_likely of a
// true key follow the key, as in the kernel.
// REQUIRES: hucc, plugin, hu-load
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc --kernel -c %s -o %t/sk.o 2>&1 | count 0
// RUN: %hu-load mkimage -o %t/img00 0xffff888000001000=u64:0 0xffff888000001008=u64:0
// RUN: %hu-load mkimage -o %t/img10 0xffff888000001000=u64:1 0xffff888000001008=u64:0
// RUN: %hu-load mkimage -o %t/img01 0xffff888000001000=u64:0 0xffff888000001008=u64:1
// RUN: %hu-load mkimage -o %t/img11 0xffff888000001000=u64:3 0xffff888000001008=u64:2
// RUN: %hu-load run --image %t/img00 --event reclaim --sym key_off=0xffff888000001000 --sym key_on=0xffff888000001008 %t/sk.o | FileCheck %s --check-prefix=BOTH-OFF
// RUN: %hu-load run --image %t/img10 --event reclaim --sym key_off=0xffff888000001000 --sym key_on=0xffff888000001008 %t/sk.o | FileCheck %s --check-prefix=FALSE-KEY-ON
// RUN: %hu-load run --image %t/img01 --event reclaim --sym key_off=0xffff888000001000 --sym key_on=0xffff888000001008 %t/sk.o | FileCheck %s --check-prefix=TRUE-KEY-ON
// RUN: %hu-load run --image %t/img11 --event reclaim --sym key_off=0xffff888000001000 --sym key_on=0xffff888000001008 %t/sk.o | FileCheck %s --check-prefix=BOTH-ON
// BOTH-OFF: r0 = 0{{$}}
// FALSE-KEY-ON: r0 = 0x1{{$}}
// TRUE-KEY-ON: r0 = 0xa{{$}}
// BOTH-ON: r0 = 0xb{{$}}
#include <hupcall/hupcall.h>
/* x86's static keys, as arch/x86/include/asm/jump_label.h writes them (6.1, with objtool's hack). */
struct static_key_x { int enabled; };
struct static_key_true_x { struct static_key_x key; };
struct static_key_false_x { struct static_key_x key; };
static __always_inline int arch_static_branch_x(struct static_key_x *const key, const int branch)
{
    asm goto("1:jmp %l[l_yes] # objtool NOPs this \n\t"
             ".pushsection __jump_table,  \"aw\" \n\t .balign 8 \n\t.long 1b - . \n\t"
             ".long %l[l_yes] - . \n\t .quad %c0 + %c1 - .\n\t.popsection \n\t"
             : : "i"(key), "i"(2 | branch) : : l_yes);
    return 0;
l_yes:
    return 1;
}
static __always_inline int arch_static_branch_jump_x(struct static_key_x *const key, const int branch)
{
    asm goto("1:jmp %l[l_yes]\n\t"
             ".pushsection __jump_table,  \"aw\" \n\t .balign 8 \n\t.long 1b - . \n\t"
             ".long %l[l_yes] - . \n\t .quad %c0 + %c1 - .\n\t.popsection \n\t"
             : : "i"(key), "i"(branch) : : l_yes);
    return 0;
l_yes:
    return 1;
}
/* include/linux/jump_label.h: static_branch_unlikely on a false key, _likely on a true key. */
#define static_branch_unlikely_false(x) arch_static_branch_x(&(x)->key, 0)
#define static_branch_likely_true(x) (!arch_static_branch_jump_x(&(x)->key, 1))
extern struct static_key_false_x key_off;
extern struct static_key_true_x key_on;
HUPCALL(reclaim)
{
    return (static_branch_unlikely_false(&key_off) ? 1 : 0) +
           (static_branch_likely_true(&key_on) ? 10 : 0);
}
