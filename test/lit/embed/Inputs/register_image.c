/* What a hypervisor does with a guest image through libhuhost: registers every hyperupcall of the
 * image's table (hu_table_register) with the table's own guest symbols, over the guest's memory,
 * then fires events. Usage: register_image IMAGE MEM.core SLIDE GFN EXIT_REASON. */
#include <stdio.h>
#include <stdlib.h>

#include <hupcall/huhost.h>

static void *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    void *buf = NULL;

    if (f && !fseek(f, 0, SEEK_END) && (*len = (size_t)ftell(f)) && !fseek(f, 0, SEEK_SET) &&
        (buf = malloc(*len)) && fread(buf, 1, *len, f) != *len) {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

static int fail(const char *what, const char *err)
{
    printf("%s: %s\n", what, err);
    return 1;
}

int main(int argc, char **argv)
{
    struct hu_vm_opts vo = {.guest_mem_size = 1ull << 32, .n_vcpus = 1};
    struct hu_event_args reclaim = {0}, exit_ev = {0};
    struct hu_reg_opts ro = {0};
    struct hu_symtab *st = hu_symtab_new();
    struct hu_window *w = NULL;
    struct hu_image *mem = NULL;
    struct hu_vm *vm = NULL;
    struct hu_table t;
    char err[1024];
    uint64_t r0;
    size_t len;
    void *img;
    int n;

    if (argc != 6 || !st || !(img = read_all(argv[1], &len)))
        return 2;
    ro.env[HU_ENV_KASLR_SLIDE] = strtoull(argv[3], NULL, 0);
    if (hu_table_open(img, len, &t, err, sizeof(err)))
        return fail("table", err);
    n = hu_table_add_symbols(st, &t, ro.env[HU_ENV_KASLR_SLIDE], err, sizeof(err));
    if (n < 0)
        return fail("symbols", err);
    printf("symbols from the table: %d\n", n);
    if (hu_image_open(argv[2], &mem, err, sizeof(err)) ||
        hu_image_window(mem, 0, 0, &w, err, sizeof(err)))
        return fail("memory", err);
    if (hu_vm_create(&vo, &vm, err, sizeof(err)))
        return fail("vm", err);
    ro.window = w;
    ro.symtab = st;
    n = hu_table_register(vm, &t, &ro, err, sizeof(err));
    if (n < 0)
        return fail("register", err);
    printf("registered %d\n", n);
    reclaim.args[0] = strtoull(argv[4], NULL, 0);
    n = hu_fire(vm, HU_EVENT_RECLAIM, &reclaim, &r0);
    printf("reclaim gfn %llu: ran %d, r0 = %llu\n", (unsigned long long)reclaim.args[0], n,
           (unsigned long long)r0);
    exit_ev.args[0] = strtoull(argv[5], NULL, 0);
    n = hu_fire(vm, HU_EVENT_EXIT, &exit_ev, &r0);
    printf("exit reason %llu: ran %d, r0 = %llu\n", (unsigned long long)exit_ev.args[0], n,
           (unsigned long long)r0);
    ro.name = "nosuch";
    if (hu_table_register(vm, &t, &ro, err, sizeof(err)) < 0)
        printf("register nosuch: %s\n", err);
    hu_vm_destroy(vm);
    hu_window_free(w);
    hu_image_close(mem);
    hu_symtab_free(st);
    free(img);
    return 0;
}
