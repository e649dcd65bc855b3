// cmpxchg() on a pointer-typed guest object (the kernel's lock-free list pattern) compiles
// without a warning through hucc and natively; the 8-byte branch is the one taken.
// REQUIRES: hucc, plugin
// RUN: %hucc -Werror -c %s -o %t.o
// RUN: llvm-objdump -d %t.o | FileCheck %s
// CHECK: call 0x6
// RUN: %host_cc -std=c11 -Wall -Wextra -Werror -DHUPCALL_NATIVE -I %hupcall_include -fsyntax-only %s
// RUN: %clang -std=c11 -Wall -Wextra -Werror -DHUPCALL_NATIVE -I %hupcall_include -fsyntax-only %s
#include <hupcall/hupcall.h>

struct node {
    struct node *next;
};

extern struct node *stack_top;

/* reclaim: pop the top node if nobody raced us; r0 = 1 when popped. */
HUPCALL(reclaim)
{
    struct node *top = READ_ONCE(stack_top);

    if (!top)
        return 0;
    return cmpxchg(&stack_top, top, READ_ONCE(top->next)) == top;
}
