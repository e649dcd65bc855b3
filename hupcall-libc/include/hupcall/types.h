/* SPDX-License-Identifier: MIT */
/* Kernel-style integer types, unless the guest's own kernel headers already gave them. */
#ifndef HUPCALL_TYPES_H
#define HUPCALL_TYPES_H

#include <hupcall/abi.h>

#include <hupcall/compiler.h>

#if !defined(_ASM_GENERIC_INT_LL64_H) && !defined(HU_NO_KERNEL_NAMES)
typedef __INT8_TYPE__ s8;
typedef __INT16_TYPE__ s16;
typedef __INT32_TYPE__ s32;
typedef __INT64_TYPE__ s64;
typedef hu_u8 u8;
typedef hu_u16 u16;
typedef hu_u32 u32;
typedef hu_u64 u64;
/* Byte-order annotated types (sparse's __bitwise has no meaning here). */
typedef hu_u16 __le16;
typedef hu_u32 __le32;
typedef hu_u64 __le64;
typedef hu_u16 __be16;
typedef hu_u32 __be32;
typedef hu_u64 __be64;
#endif

#if !defined(__cplusplus) && !defined(__bool_true_false_are_defined) && !defined(_LINUX_TYPES_H)
typedef _Bool bool;
#define true 1
#define false 0
#define __bool_true_false_are_defined 1
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#define HU_BITS_PER_LONG 64

#endif /* HUPCALL_TYPES_H */
