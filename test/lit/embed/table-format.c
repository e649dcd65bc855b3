// The table format compiles, with its layout asserts, for the freestanding guest (gcc-style host
// compiler and clang), for the host and as C++, and its layout is the one docs/guest-integration.md
// documents.
// clang-format off
// RUN: %host_cc -std=c11 -Wall -Wextra -Werror -ffreestanding -nostdlib -I %hupcall_include -c %s -o %t.guest.o
// RUN: %clang --target=x86_64-linux-gnu -std=c11 -Wall -Wextra -Werror -ffreestanding -I %hupcall_include -c %s -o %t.guest-clang.o
// RUN: %clang -x c++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I %hupcall_include %s
// RUN: %host_cc -std=c11 -Wall -Wextra -Werror -DHOST -I %hupcall_include %s -o %t.host
// RUN: %t.host | FileCheck %s
// clang-format on
#include <hupcall/table.h>

#ifndef HOST
int table_entry_ok(const void *p, hu_u64 avail)
{
    return hu_table_entry_invalid(p, avail) == 0;
}
#else
#include <stddef.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    // CHECK: section=hupcalls magic=0x43505548 align=8 entry=112 sym=16
    printf("section=%s magic=0x%x align=%d entry=%zu sym=%zu\n", HU_TABLE_SECTION, HU_TABLE_MAGIC,
           HU_TABLE_ALIGN, sizeof(struct hu_table_entry), sizeof(struct hu_table_sym));
    // CHECK: magic=0 abi_version=4 header_size=6 event=8 n_syms=12 entry_size=16 syms_offset=24
    // object_offset=32 object_size=40 name=48
    printf("magic=%zu abi_version=%zu header_size=%zu event=%zu n_syms=%zu entry_size=%zu "
           "syms_offset=%zu object_offset=%zu object_size=%zu name=%zu\n",
           offsetof(struct hu_table_entry, magic), offsetof(struct hu_table_entry, abi_version),
           offsetof(struct hu_table_entry, header_size), offsetof(struct hu_table_entry, event),
           offsetof(struct hu_table_entry, n_syms), offsetof(struct hu_table_entry, entry_size),
           offsetof(struct hu_table_entry, syms_offset),
           offsetof(struct hu_table_entry, object_offset),
           offsetof(struct hu_table_entry, object_size), offsetof(struct hu_table_entry, name));
    // CHECK: addr=0 name_offset=8
    printf("addr=%zu name_offset=%zu\n", offsetof(struct hu_table_sym, addr),
           offsetof(struct hu_table_sym, name_offset));
    // "HUPC" in memory, so a hex dump of an image shows the entries.
    // CHECK: magic bytes=HUPC
    hu_u32 magic = HU_TABLE_MAGIC;
    char bytes[5] = {0};
    memcpy(bytes, &magic, 4);
    printf("magic bytes=%s\n", bytes);
    return 0;
}
#endif
