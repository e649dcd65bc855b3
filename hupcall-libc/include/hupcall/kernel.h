/* SPDX-License-Identifier: MIT */
/* Replacements for the kernel facilities eBPF cannot run, so reused guest code compiles. */
#ifndef HUPCALL_KERNEL_H
#define HUPCALL_KERNEL_H

#include <hupcall/align.h>
#include <hupcall/atomic.h>
#include <hupcall/bitops.h>
#include <hupcall/byteorder.h>
#include <hupcall/compiler.h>
#include <hupcall/cpumask.h>
#include <hupcall/jump_label.h>
#include <hupcall/list.h>
#include <hupcall/loop.h>
#include <hupcall/math64.h>
#include <hupcall/minmax.h>
#include <hupcall/percpu.h>
#include <hupcall/rcu.h>
#include <hupcall/string.h>
#include <hupcall/types.h>

#endif /* HUPCALL_KERNEL_H */
