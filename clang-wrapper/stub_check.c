/* SPDX-License-Identifier: MIT */
/* Kernel mode: which x86 stand-ins (retarget.h) are still called in the finished BPF object. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "retarget.h"

/* Prints the diagnostic of every undefined HUCC_ASM_STUB_PREFIX symbol in one symbol table. */
static int report_symtab(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh,
                         const struct hucc_asm_stubs *stubs)
{
    Elf_Data *data = elf_getdata(scn, NULL);
    size_t plen = strlen(HUCC_ASM_STUB_PREFIX);
    int found = 0;

    for (size_t i = 0; data && sh->sh_entsize && i < sh->sh_size / sh->sh_entsize; i++) {
        GElf_Sym sym;
        const char *name;
        char *end;
        unsigned long n;

        if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx != SHN_UNDEF)
            continue;
        name = elf_strptr(elf, sh->sh_link, sym.st_name);
        if (!name || strncmp(name, HUCC_ASM_STUB_PREFIX, plen))
            continue;
        n = strtoul(name + plen, &end, 10);
        if (*end || n >= stubs->n)
            fprintf(stderr, "hucc: error: unknown x86 stand-in '%s' in the object\n", name);
        else
            fprintf(stderr, "%s\n", stubs->diags[n]);
        found = 1;
    }
    return found;
}

int hucc_check_asm_stubs(const char *path, const struct hucc_asm_stubs *stubs)
{
    int fd, found = 0;
    Elf *elf;
    Elf_Scn *scn = NULL;

    if (!stubs->n)
        return 0;
    if (elf_version(EV_CURRENT) == EV_NONE || (fd = open(path, O_RDONLY)) < 0) {
        fprintf(stderr, "hucc: error: cannot read %s: %s\n", path, strerror(errno));
        return 1;
    }
    elf = elf_begin(fd, ELF_C_READ, NULL);
    if (!elf) {
        fprintf(stderr, "hucc: error: %s: %s\n", path, elf_errmsg(-1));
        close(fd);
        return 1;
    }
    while ((scn = elf_nextscn(elf, scn))) {
        GElf_Shdr sh;

        if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
            found |= report_symtab(elf, scn, &sh, stubs);
    }
    elf_end(elf);
    close(fd);
    return found;
}
