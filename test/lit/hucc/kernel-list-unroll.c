// The kernel's own list_for_each_entry runs in a hyperupcall with HU_UNROLL in front and a
// counted break in its body: the counter bounds the walk, and #pragma unroll (HU_UNROLL) makes
// LLVM unroll it fully up to that bound. Without HU_UNROLL, or without the bound, the loop
// survives and is an error at its line. Run on hu-load over a two-entry list (the walk ends at
// the head) and over a list that never returns to its head (the bound ends it).
// REQUIRES: hucc, hu-load, plugin, linux-headers
// RUN: rm -rf %t && mkdir -p %t
// RUN: %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -c %s -o %t/walk.o
// RUN: not %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -DNO_UNROLL -c %s -o %t/no-unroll.o 2>&1 | FileCheck %s --check-prefix=LOOP
// RUN: not %hucc -nostdinc -I%linux_common/arch/x86/include -I%linux_arch/arch/x86/include/generated -I%linux_common/include -I%linux_arch/include -I%linux_arch/arch/x86/include/generated/uapi -I%linux_common/arch/x86/include/uapi -I%linux_common/include/uapi -I%linux_arch/include/generated/uapi -include %linux_common/include/linux/compiler-version.h -include %linux_common/include/linux/kconfig.h -include %linux_common/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -DNO_BOUND -c %s -o %t/no-bound.o 2>&1 | FileCheck %s --check-prefix=LOOP
// LOOP: kernel-list-unroll.c:[[#LINE:]]:{{[0-9]+}}: error: hupcall: loop survives optimisation

// items at 0xffff888000001000 -> item 0 (v 1, node at +0x18) -> item 1 (v 2, node at +0x30) -> items.
// RUN: %hu-load mkimage -o %t/two.core 0xffff888000001000=u64:0xffff888000001018,0xffff888000001030,1,0xffff888000001030,0xffff888000001000,2,0xffff888000001000,0xffff888000001018
// RUN: %hu-load run --image %t/two.core --event reclaim --sym items=0xffff888000001000 %t/walk.o | FileCheck %s --check-prefix=TWO
// TWO: r0 = 0x3
// Item 0 (v 5) links to itself: the walk never sees the head again and stops after 16 entries.
// RUN: %hu-load mkimage -o %t/cycle.core 0xffff888000001000=u64:0xffff888000001018,0xffff888000001018,5,0xffff888000001018,0xffff888000001018
// RUN: %hu-load run --image %t/cycle.core --event reclaim --sym items=0xffff888000001000 %t/walk.o | FileCheck %s --check-prefix=CYCLE
// CYCLE: r0 = 0x50
#include <linux/list.h>

#include <hupcall/hupcall.h>

struct item {
    long v;
    struct list_head node;
};

extern struct list_head items;

HUPCALL(reclaim)
{
    struct item *it;
    long s = 0;
    int n = 0;

#if defined(NO_UNROLL)
    list_for_each_entry(it, &items, node) {
        if (n++ == 16)
            break;
        s += it->v;
    }
#elif defined(NO_BOUND)
    HU_UNROLL list_for_each_entry(it, &items, node) s += it->v;
#else
    HU_UNROLL list_for_each_entry(it, &items, node) {
        if (n++ == 16)
            break;
        s += it->v;
    }
#endif
    return s;
}
