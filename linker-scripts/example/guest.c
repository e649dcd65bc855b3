/*
 * A tiny freestanding x86-64 "guest kernel" for the example: it owns the data the hyperupcalls
 * read, walks its own hyperupcall table at "boot" and, in place of a real hypercall, prints each
 * registration record with the write system call. Runs as a static Linux program.
 */
#include "register.h"

unsigned char example_frame_free[64] = {[5] = 1, [7] = 1, [63] = 1};
unsigned long example_exit_budget = 3;

/* The window the guest grants: all of its low 4 GiB, where a static image is linked. */
#define GUEST_WINDOW_BASE 0x0ull
#define GUEST_WINDOW_SIZE 0x100000000ull
#define GUEST_KASLR_SLIDE 0x0ull

/* Output is assembled in a buffer and written a line at a time. */
struct out {
    char buf[256];
    unsigned len;
};

static void sys_write(const char *buf, unsigned long len)
{
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(1L), "D"(1L), "S"(buf), "d"(len)
                     : "rcx", "r11", "memory");
    (void)ret;
}

static __attribute__((noreturn)) void sys_exit(long code)
{
    __asm__ volatile("syscall" : : "a"(60L), "D"(code) : "rcx", "r11", "memory");
    __builtin_unreachable();
}

static void put_str(struct out *o, const char *s)
{
    while (*s && o->len < sizeof(o->buf))
        o->buf[o->len++] = *s++;
}

static void put_num(struct out *o, unsigned long long v, unsigned base)
{
    char digits[24];
    int n = 0;

    if (base == 16)
        put_str(o, "0x");
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n && o->len < sizeof(o->buf))
        o->buf[o->len++] = digits[--n];
}

static void flush(struct out *o)
{
    sys_write(o->buf, o->len);
    o->len = 0;
}

/* Stands in for the hypercall: prints the record a hypervisor would receive. */
static int print_registration(const struct hu_registration *reg, void *cookie)
{
    const unsigned char *obj = reg->object;
    struct out o;
    hu_u32 i;

    (void)cookie;
    o.len = 0;
    put_str(&o, "register ");
    put_str(&o, reg->name);
    put_str(&o, " event=");
    put_num(&o, reg->event, 10);
    put_str(&o, " abi=");
    put_num(&o, reg->abi_version, 10);
    put_str(&o, " object=");
    put_num(&o, reg->object_size, 10);
    put_str(&o, obj[0] == 0x7f && obj[1] == 'E' && obj[2] == 'L' && obj[3] == 'F' ? " elf"
                                                                                  : " not-elf");
    put_str(&o, " window=");
    put_num(&o, reg->window_base, 16);
    put_str(&o, "+");
    put_num(&o, reg->window_size, 16);
    put_str(&o, " slide=");
    put_num(&o, reg->env[HU_ENV_KASLR_SLIDE], 16);
    put_str(&o, "\n");
    flush(&o);
    for (i = 0; i < reg->n_syms; i++) {
        put_str(&o, "  sym ");
        put_str(&o, hu_table_sym_name(reg->entry, i));
        put_str(&o, " = ");
        put_num(&o, hu_table_syms(reg->entry)[i].addr + reg->sym_slide, 16);
        put_str(&o, "\n");
        flush(&o);
    }
    return 0;
}

void guest_main(void)
{
    struct hu_guest_config cfg = {
        .window_base = GUEST_WINDOW_BASE,
        .window_size = GUEST_WINDOW_SIZE,
        .env = {GUEST_KASLR_SLIDE},
        .sym_slide = GUEST_KASLR_SLIDE, /* loaded where linked: the table is as the link left it */
    };
    struct hu_guest_error err = {0, 0};
    struct out o;
    int n = hu_guest_register_all(&cfg, print_registration, 0, &err);

    o.len = 0; /* no initialiser: a freestanding compiler may turn one into a memset call */

    if (n < 0) {
        put_str(&o, "registration failed at table offset ");
        put_num(&o, err.offset, 10);
        put_str(&o, ": ");
        put_str(&o, err.why ? err.why : "the hypercall refused it");
    } else {
        put_str(&o, "registered ");
        put_num(&o, (unsigned)n, 10);
    }
    put_str(&o, "\n");
    flush(&o);
    sys_exit(n < 0);
}

/* The entry point: a 16-byte aligned stack for guest_main, as the C ABI expects at a call. */
__asm__(".globl _start\n"
        "_start:\n"
        "\txor %ebp, %ebp\n"
        "\tand $-16, %rsp\n"
        "\tcall guest_main\n"
        "\tud2\n");
