/* SPDX-License-Identifier: MIT */
/*
 * The hupcall framework: include this in a hyperupcall. docs/framework.md describes it.
 *
 *     #include <hupcall/hupcall.h>
 *
 *     HUPCALL(reclaim)
 *     {
 *         return page_is_free(hu_reclaim_gfn(ctx));
 *     }
 *
 * Code that brings the guest's own kernel headers (hucc --kernel) defines HU_NO_KERNEL_HEADERS
 * to get the core only: the ABI, the entry macro, the context and the helpers.
 */
#ifndef HUPCALL_HUPCALL_H
#define HUPCALL_HUPCALL_H

#include <hupcall/abi.h>
#include <hupcall/compiler.h>
#include <hupcall/ctx.h>
#include <hupcall/helpers.h>
#include <hupcall/loop.h>
#include <hupcall/types.h>

#ifndef HU_NO_KERNEL_HEADERS
#include <hupcall/kernel.h>
#endif

#endif /* HUPCALL_HUPCALL_H */
