/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the readers of guest images: the input is read as a hyperupcall table (an
 * ELF image holding one, or the raw section bytes) and as a guest image file (ELF core). Whatever
 * the table reader accepts is walked entry by entry: each embedded object is opened and verified,
 * the entries' guest symbols are added to a symbol table. Whatever the image reader accepts is
 * mapped into a window when its span is small. Built with ASan+UBSan and libFuzzer's coverage:
 * any memory error crashes; every error must be a printable message. Seeds: objects with embedded
 * tables and guest images made with the project's own tools.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hupcall/huhost.h>

#include "fuzz_message.h"

static void table(const uint8_t *data, size_t size)
{
    struct hu_table t;
    char err[1024] = "";
    int ret = hu_table_open(data, size, &t, err, sizeof(err));

    if (ret) {
        check_message(ret, err);
        return;
    }
    for (const struct hu_table_entry *e = hu_table_next(&t, NULL); e; e = hu_table_next(&t, e)) {
        struct hu_object *obj;
        size_t index;

        err[0] = '\0';
        if ((ret = hu_table_open_object(e, &obj, &index, err, sizeof(err)))) {
            check_message(ret, err);
            continue;
        }
        hu_object_verify(obj, err, sizeof(err));
        hu_object_close(obj);
    }
    struct hu_symtab *st = hu_symtab_new();
    err[0] = '\0';
    if (st && (ret = hu_table_add_symbols(st, &t, 0x1000, err, sizeof(err))) < 0)
        check_message(ret, err);
    hu_symtab_free(st);
}

/* The image reader takes a path: the input goes through a memory file. */
static void image(const uint8_t *data, size_t size)
{
    struct hu_image *img;
    char path[64], err[1024] = "";
    int fd = memfd_create("fuzz-image", 0), ret;

    if (fd < 0 || write(fd, data, size) != (ssize_t)size)
        abort();
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    if ((ret = hu_image_open(path, &img, err, sizeof(err)))) {
        check_message(ret, err);
        close(fd);
        return;
    }
    uint64_t base, span;
    struct hu_window *w;
    if (hu_image_span(img, &base, &span) == 0 && span <= (1u << 24) &&
        hu_image_window(img, 0, 0, &w, err, sizeof(err)) == 0)
        hu_window_free(w);
    hu_image_close(img);
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    table(data, size);
    image(data, size);
    return 0;
}
