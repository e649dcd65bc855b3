/* The run queue structures runq.c walks; native.c lays the same ones out on the host. */
#ifndef INPUTS_RUNQ_H
#define INPUTS_RUNQ_H

#include <hupcall/hupcall.h>

struct task {
    int pid;
    unsigned long flags;
    struct list_head run_node;
};

struct rq {
    unsigned int nr_running;
    struct list_head tasks;
};

#endif
