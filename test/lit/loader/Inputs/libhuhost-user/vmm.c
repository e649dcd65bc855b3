/* SPDX-License-Identifier: MIT */
/* A small VMM against the installed libhuhost: registers the hyperupcall object argv[1] for
 * event reclaim over a window holding one guest word, fires once with the frame number 5 and
 * prints r0. The object reads the word at the window's base and adds the frame number. */
#include <stdio.h>

#include <hupcall/huhost.h>

int main(int argc, char **argv)
{
    struct hu_vm_opts vo = {.guest_mem_size = 1ull << 30, .n_vcpus = 1};
    struct hu_event_args ev = {.args = {5}};
    struct hu_object *obj = NULL;
    struct hu_window *w = NULL;
    struct hu_vm *vm = NULL;
    uint64_t word = 37, r0 = 0;
    char err[512] = "";
    int rc = argc == 2 ? 0 : -1;

    if (!rc)
        rc = hu_object_open_file(argv[1], &obj, err, sizeof(err));
    if (!rc)
        rc = hu_window_alloc(0xffff888000000000ull, 4096, &w, err, sizeof(err));
    if (!rc)
        rc = hu_window_write(w, 0xffff888000000000ull, &word, sizeof(word));
    if (!rc)
        rc = hu_vm_create(&vo, &vm, err, sizeof(err));
    if (!rc) {
        struct hu_reg_opts ro = {.window = w};
        rc = hu_register(vm, obj, &ro, err, sizeof(err)) == 1 ? 0 : -1;
    }
    if (!rc)
        rc = hu_fire(vm, HU_EVENT_RECLAIM, &ev, &r0) == 1 ? 0 : -1;
    if (!rc)
        printf("%s: r0 = %llu\n", hu_event_name(HU_EVENT_RECLAIM), (unsigned long long)r0);
    else
        fprintf(stderr, "vmm: failed: %s\n", err);
    hu_vm_destroy(vm);
    hu_window_free(w);
    hu_object_close(obj);
    return rc ? 1 : 0;
}
