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
 * Code that brings the guest's own kernel headers (hucc --kernel) includes them first: the
 * kernel then owns the kernel names and the framework adds only its hu_ names (compiler.h).
 */
#ifndef HUPCALL_HUPCALL_H
#define HUPCALL_HUPCALL_H

#include <hupcall/abi.h>
#include <hupcall/compiler.h>
#include <hupcall/ctx.h>
#include <hupcall/helpers.h>
#include <hupcall/kernel.h>
#include <hupcall/loop.h>
#include <hupcall/types.h>

#endif /* HUPCALL_HUPCALL_H */
