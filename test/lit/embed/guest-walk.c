// The guest walker's own checks, on tables built here by hand: the window configuration, the
// hook's refusal stopping the walk, bounds and alignment of the table, an empty table, captured
// variables read into env[] (directly and through the read hook) and malformed captures, run on
// the host.
// clang-format off
// RUN: %host_cc -std=c11 -Wall -Wextra -Werror -I %hupcall_include -I %hupcall_src/hupcall-libc/guest %s %hupcall_src/hupcall-libc/guest/register.c -o %t
// RUN: %t | FileCheck %s
// Built as a kernel builds (no SSE, kernel code model, no red zone), with either compiler, it
// needs nothing from outside but the table's bounds: no memcpy or memset calls.
// RUN: %host_cc -std=c11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -fno-pic -mcmodel=kernel -mno-sse -mno-mmx -mno-80387 -mno-red-zone -fno-stack-protector -I %hupcall_include -c %hupcall_src/hupcall-libc/guest/register.c -o %t.gcc.o
// RUN: llvm-nm -u %t.gcc.o | FileCheck %s --check-prefix=UNDEF
// RUN: %clang --target=x86_64-linux-gnu -std=c11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -fno-pic -mcmodel=kernel -mno-sse -mno-mmx -mno-80387 -mno-red-zone -fno-stack-protector -I %hupcall_include -c %hupcall_src/hupcall-libc/guest/register.c -o %t.clang.o
// RUN: llvm-nm -u %t.clang.o | FileCheck %s --check-prefix=UNDEF
// UNDEF: w __start_hupcalls
// UNDEF-NEXT: w __stop_hupcalls
// UNDEF-NOT: {{.}}
// clang-format on
#include <stdio.h>
#include <string.h>

#include "register.h"

/* Two entries of 160 bytes: descriptor, one symbol, its name, an 8-byte stand-in object. */
#define ENTRY 160
static _Alignas(8) unsigned char table[2 * ENTRY];

static void make_entry(unsigned char *p, const char *name, hu_u32 event)
{
    struct hu_table_entry e = {
        .magic = HU_TABLE_MAGIC,
        .abi_version = HU_ABI_VERSION,
        .header_size = HU_TABLE_ENTRY_SIZE,
        .event = event,
        .n_syms = 1,
        .entry_size = ENTRY,
        .syms_offset = HU_TABLE_ENTRY_SIZE,
        .object_offset = 144,
        .object_size = 8,
    };
    struct hu_table_sym s = {.addr = 0xffffffff81000000ull, .name_offset = 128};

    snprintf(e.name, sizeof(e.name), "%s", name);
    memcpy(p, &e, sizeof(e));
    memcpy(p + HU_TABLE_ENTRY_SIZE, &s, sizeof(s));
    memcpy(p + 128, "jiffies", 8);
    memcpy(p + 144, "\177ELF....", 8);
}

static int refuse_second(const struct hu_registration *reg, void *cookie)
{
    int *calls = cookie;

    printf("hook %s event=%u sym=%s@%#llx+%#llx\n", reg->name, reg->event,
           hu_table_sym_name(reg->entry, 0), (unsigned long long)hu_table_syms(reg->entry)[0].addr,
           (unsigned long long)reg->sym_slide);
    return ++*calls == 2 ? -5 : 0;
}

/* A captured variable of the guest: the walker reads it where the symbol says. */
static volatile hu_u32 captured_var = 0x12345678;

static int print_env(const struct hu_registration *reg, void *cookie)
{
    (void)cookie;
    printf("env %s slot=%u env=%#llx,%#llx,%#llx\n", hu_reg_sym_name(reg, 0),
           hu_reg_sym_env_slot(reg, 0), (unsigned long long)reg->env[0],
           (unsigned long long)reg->env[1], (unsigned long long)reg->env[2]);
    return 0;
}

static hu_u64 read_hook(hu_u64 addr, hu_u32 size, void *cookie)
{
    printf("read %s+%#llx size %u\n", addr == (hu_u64)(__UINTPTR_TYPE__)&captured_var ? "var" : "?",
           (unsigned long long)(addr - (hu_u64)(__UINTPTR_TYPE__)&captured_var), size);
    return cookie ? 0xabcdull : 0;
}

/* The first entry's symbol made a capture of `size` bytes into env[slot], at `addr`. */
static void capture(hu_u16 slot, hu_u16 size, hu_u64 addr)
{
    struct hu_table_sym s;

    memcpy(&s, table + HU_TABLE_ENTRY_SIZE, sizeof(s));
    s.env_slot = slot;
    s.env_size = size;
    s.addr = addr;
    memcpy(table + HU_TABLE_ENTRY_SIZE, &s, sizeof(s));
}

static void walk_env(const char *what, const struct hu_guest_config *cfg, void *cookie)
{
    struct hu_guest_error err = {0, 0};
    int n = hu_guest_register_table(table, table + ENTRY, cfg, print_env, cookie, &err);

    printf("%s: %d", what, n);
    if (n < 0)
        printf(" at %llu: %s", (unsigned long long)err.offset, err.why);
    printf("\n");
}

static void walk(const char *what, const void *start, const void *stop,
                 const struct hu_guest_config *cfg)
{
    struct hu_guest_error err = {0, 0};
    int calls = 0;
    int n = hu_guest_register_table(start, stop, cfg, refuse_second, &calls, &err);

    printf("%s: %d", what, n);
    if (n < 0)
        printf(" at %llu: %s", (unsigned long long)err.offset, err.why ? err.why : "hook refused");
    printf("\n");
}

int main(void)
{
    struct hu_guest_config cfg = {
        .window_base = 0xffff888000000000ull, .window_size = 1ull << 30, .sym_slide = 0x200000};
    struct hu_guest_config bad = cfg;

    make_entry(table, "first", HU_EVENT_RECLAIM);
    make_entry(table + ENTRY, "second", HU_EVENT_MAP);

    // CHECK: hook first event=16 sym=jiffies@0xffffffff81000000+0x200000
    // CHECK-NEXT: one: 1
    walk("one", table, table + ENTRY, &cfg);
    // The hook's error stops the walk and is returned, with the entry's offset.
    // CHECK-NEXT: hook first event=16
    // CHECK-NEXT: hook second event=4
    // CHECK-NEXT: both: -5 at 160: hook refused
    walk("both", table, table + 2 * ENTRY, &cfg);
    // CHECK-NEXT: empty: 0
    walk("empty", table, table, &cfg);
    // CHECK-NEXT: inverted: -22 at 0: table bounds are inverted or missing
    walk("inverted", table + ENTRY, table, &cfg);
    // CHECK-NEXT: unaligned: -22 at 0: table start is not 8-byte aligned
    walk("unaligned", table + 4, table + ENTRY + 4, &cfg);
    // CHECK-NEXT: window size: -22 at 0: window size is not a power of two
    bad.window_size = 3ull << 29;
    walk("window size", table, table + ENTRY, &bad);
    // CHECK-NEXT: window base: -22 at 0: window base is not aligned to the window size
    bad = cfg;
    bad.window_base += 4096;
    walk("window base", table, table + ENTRY, &bad);
    // A table that does not end on an entry: refused before any hook runs.
    // CHECK-NEXT: tail: -22 at 160: truncated entry: the descriptor runs past the end of the table
    walk("tail", table, table + ENTRY + 8, &cfg);
    // CHECK-NOT: hook

    // A captured variable: 4 bytes read at its address into env[2]; the configuration's env[0]
    // and env[1] stay.
    // CHECK: env jiffies slot=2 env=0x1000,0x11,0x12345678
    // CHECK-NEXT: direct: 1
    bad = cfg;
    bad.sym_slide = 0;
    bad.env[0] = 0x1000;
    bad.env[1] = 0x11;
    bad.env[2] = 0x22;
    capture(2, 4, (hu_u64)(__UINTPTR_TYPE__)&captured_var);
    walk_env("direct", &bad, NULL);
    // Through the guest's read hook, at the address plus the slide, with the walk's cookie.
    // CHECK-NEXT: read var+0 size 4
    // CHECK-NEXT: env jiffies slot=2 env=0x1000,0x11,0xabcd
    // CHECK-NEXT: hook: 1
    bad.read_var = read_hook;
    bad.sym_slide = 0x100;
    capture(2, 4, (hu_u64)(__UINTPTR_TYPE__)&captured_var - 0x100);
    walk_env("hook", &bad, &bad);
    // Malformed captures are refused before anything is read.
    // CHECK-NEXT: slot 0: -22 at 0: symbol reference with an env size but no env slot
    capture(0, 8, 0);
    walk_env("slot 0", &bad, &bad);
    // CHECK-NEXT: slot 8: -22 at 0: captured variable's env slot out of range
    capture(HU_CTX_NENV, 8, 0);
    walk_env("slot 8", &bad, &bad);
    // CHECK-NEXT: size 3: -22 at 0: captured variable's size is not 1, 2, 4 or 8 bytes
    capture(1, 3, 0);
    walk_env("size 3", &bad, &bad);
    // CHECK-NOT: read
    return 0;
}
