/* SPDX-License-Identifier: MIT */
/* Guest symbol tables from System.map / kallsyms files: one line per symbol, sorted once. */
#define _POSIX_C_SOURCE 200809L /* getline, strtok_r */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errmsg.h"
#include "symtab.h"

/* "ffffffff81000000 T _stext" or "ffffffffc0a01000 t foo\t[module]": address, type, name. */
static int parse_line(char *line, uint64_t *addr, char **name)
{
    char *save = NULL, *a = strtok_r(line, " \t\r\n", &save);
    char *type = strtok_r(NULL, " \t\r\n", &save);
    *name = strtok_r(NULL, " \t\r\n", &save);
    if (!a || !type || !*name || strlen(type) != 1)
        return -1;
    char *end;
    errno = 0;
    *addr = strtoull(a, &end, 16);
    return errno || *end || end == a ? -1 : 0;
}

int hu_symtab_load(struct hu_symtab *st, const char *path, uint64_t slide, char *err, size_t errlen)
{
    if (!st || !path)
        return hu_errf(err, errlen, -EINVAL, "hu_symtab_load: bad arguments");
    FILE *f = fopen(path, "r");
    if (!f)
        return hu_errf(err, errlen, -errno, "%s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    int added = 0, ret = 0;
    while (getline(&line, &cap, f) > 0) {
        uint64_t addr;
        char *name;
        lineno++;
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;
        if (parse_line(line, &addr, &name) || strlen(name) >= HU_SYMTAB_MAX_NAME) {
            ret = hu_errf(err, errlen, -EINVAL,
                          "%s:%zu: expected \"ADDRESS TYPE NAME\" (System.map or kallsyms)", path,
                          lineno);
            break;
        }
        if ((ret = hu_symtab_append(st, name, addr + slide))) {
            hu_errf(err, errlen, ret, "%s: out of memory", path);
            break;
        }
        added++;
    }
    free(line);
    fclose(f);
    hu_symtab_normalize(st);
    return ret ? ret : added;
}
