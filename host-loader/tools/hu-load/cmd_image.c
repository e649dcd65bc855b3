/* SPDX-License-Identifier: MIT */
/* hu-load mkimage -o OUT SEG... and hu-load image IMAGE: write and list guest images (ELF core
 * files, docs/image-format.md). A SEG is GVA[:GPA]=DATA with DATA one of u64:V[,V]...,
 * hex:BYTES or file:PATH. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_SEG_BYTES (64u << 20)

static int parse_u64s(const char *s, uint8_t **buf, uint64_t *len)
{
    char *copy = strdup(s), *save = NULL;
    size_t n = 0;
    int bad = !copy;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !bad;
         t = strtok_r(NULL, ",", &save)) {
        uint64_t v;
        uint8_t *b = realloc(*buf, (n + 1) * 8);
        bad = cli_number(t, &v) || !b;
        if (b)
            *buf = b;
        if (!bad)
            memcpy(*buf + 8 * n++, &v, 8);
    }
    free(copy);
    *len = n * 8;
    return bad || n == 0 ? -1 : 0;
}

static int parse_hex(const char *s, uint8_t **buf, uint64_t *len)
{
    size_t n = strlen(s) / 2;
    if (strlen(s) % 2 || n == 0 || !(*buf = malloc(n)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1)
            return -1;
        (*buf)[i] = (uint8_t)v;
    }
    *len = n;
    return 0;
}

static int parse_seg(const char *spec, struct hu_image_seg *seg, uint8_t **data)
{
    char addr[64], err[512];
    const char *eq = strchr(spec, '=');
    if (!eq || (size_t)(eq - spec) >= sizeof(addr))
        return -1;
    memcpy(addr, spec, eq - spec);
    addr[eq - spec] = '\0';
    char *colon = strchr(addr, ':');
    if (colon)
        *colon = '\0';
    if (cli_number(addr, &seg->gva) || (colon && cli_number(colon + 1, &seg->gpa)))
        return -1;
    const char *d = eq + 1;
    int bad;
    if (strncmp(d, "u64:", 4) == 0) {
        bad = parse_u64s(d + 4, data, &seg->size);
    } else if (strncmp(d, "hex:", 4) == 0) {
        bad = parse_hex(d + 4, data, &seg->size);
    } else if (strncmp(d, "file:", 5) == 0) {
        size_t len;
        bad = hu_read_file(d + 5, (void **)data, &len, MAX_SEG_BYTES, err, sizeof(err)) != 0;
        seg->size = len;
    } else {
        bad = 1;
    }
    seg->data = *data;
    return bad ? -1 : 0;
}

int cmd_mkimage(int argc, char **argv)
{
    const char *out = NULL;
    struct hu_image_seg *segs = calloc(argc, sizeof(*segs));
    uint8_t **data = calloc(argc, sizeof(*data));
    size_t n = 0;
    int ret = segs && data ? 0 : EXIT_USAGE;
    char err[1024];
    for (int i = 1; i < argc && !ret; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (parse_seg(argv[i], &segs[n], &data[n]))
            ret = cli_usage_error("mkimage: bad segment '%s' (GVA[:GPA]=u64:V,..|hex:..|file:P)",
                                  argv[i]);
        else
            n++;
    }
    if (!ret && !out)
        ret = cli_usage_error("mkimage: missing -o OUT");
    if (!ret && hu_image_write(out, segs, n, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s\n", err);
        ret = EXIT_USAGE;
    }
    for (size_t i = 0; data && i < (size_t)argc; i++)
        free(data[i]);
    free(data);
    free(segs);
    return ret;
}

int cmd_image(int argc, char **argv)
{
    struct hu_image *img;
    char err[1024];
    uint64_t base, size;
    int json = argc == 3 && !strcmp(argv[1], "--json");
    const char *path = argv[argc - 1];
    if (argc != 2 + json || path[0] == '-')
        return cli_usage_error("image: expected one IMAGE");
    if (hu_image_open(path, &img, err, sizeof(err))) {
        fprintf(stderr, "hu-load: %s\n", err);
        return EXIT_USAGE;
    }
    if (json)
        printf("{\"segments\":[");
    for (size_t i = 0; i < hu_image_count(img); i++) {
        const struct hu_image_seg *s = hu_image_seg(img, i);
        if (json)
            printf("%s{\"gva\":\"0x%llx\",\"gpa\":\"0x%llx\",\"size\":%llu}", i ? "," : "",
                   (unsigned long long)s->gva, (unsigned long long)s->gpa,
                   (unsigned long long)s->size);
        else
            printf("segment %zu: gva %#llx gpa %#llx size %#llx\n", i, (unsigned long long)s->gva,
                   (unsigned long long)s->gpa, (unsigned long long)s->size);
    }
    int span = hu_image_span(img, &base, &size) == 0;
    if (json && span)
        printf("],\"window\":{\"base\":\"0x%llx\",\"size\":%llu}}\n", (unsigned long long)base,
               (unsigned long long)size);
    else if (json)
        printf("]}\n");
    else if (span)
        printf("window %#llx size %#llx\n", (unsigned long long)base, (unsigned long long)size);
    hu_image_close(img);
    return 0;
}
