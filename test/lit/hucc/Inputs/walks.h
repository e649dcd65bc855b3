/* The job walks.c walks; native.c lays it out on the host. */
#ifndef INPUTS_WALKS_H
#define INPUTS_WALKS_H

#include <hupcall/hupcall.h>

struct job {
    long cost;
    struct list_head node;
};

#endif
