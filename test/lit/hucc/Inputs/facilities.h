/* The hash-bucket entry facilities.c looks up; native.c lays it out on the host. */
#ifndef INPUTS_FACILITIES_H
#define INPUTS_FACILITIES_H

#include <hupcall/hupcall.h>

struct entry {
    unsigned long key;
    char name[16];
    struct hlist_node link;
};

#endif
