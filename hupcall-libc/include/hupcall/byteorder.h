/* SPDX-License-Identifier: MIT */
/*
 * Byte order and unaligned access as the kernel's linux/swab.h, byteorder and
 * asm-generic/unaligned.h define them for a little-endian CPU (x86-64 guests; hyperupcalls are
 * little-endian BPF). An unaligned access is a member of a packed struct, as in the kernel: the
 * compiler reads exactly the object's bytes, whatever the address.
 */
#ifndef HUPCALL_BYTEORDER_H
#define HUPCALL_BYTEORDER_H

#include <hupcall/compiler.h>
#include <hupcall/types.h>

#define hu_swab16(x) ((hu_u16)__builtin_bswap16((hu_u16)(x)))
#define hu_swab32(x) ((hu_u32)__builtin_bswap32((hu_u32)(x)))
#define hu_swab64(x) ((hu_u64)__builtin_bswap64((hu_u64)(x)))

#define hu_get_unaligned_t_(type, ptr)                                                             \
    (((const struct __attribute__((packed)) { type x; } *)(ptr))->x)
#define hu_put_unaligned_t_(type, val, ptr)                                                        \
    ((void)(((struct __attribute__((packed)) { type x; } *)(ptr))->x = (val)))
/* The object `*ptr` at any address, of ptr's type. */
#define hu_get_unaligned(ptr) hu_get_unaligned_t_(__typeof__(*(ptr)), ptr)
#define hu_put_unaligned(val, ptr) hu_put_unaligned_t_(__typeof__(*(ptr)), val, ptr)

#define hu_get_unaligned_le16(p) hu_get_unaligned_t_(hu_u16, p)
#define hu_get_unaligned_le32(p) hu_get_unaligned_t_(hu_u32, p)
#define hu_get_unaligned_le64(p) hu_get_unaligned_t_(hu_u64, p)
#define hu_get_unaligned_be16(p) hu_swab16(hu_get_unaligned_t_(hu_u16, p))
#define hu_get_unaligned_be32(p) hu_swab32(hu_get_unaligned_t_(hu_u32, p))
#define hu_get_unaligned_be64(p) hu_swab64(hu_get_unaligned_t_(hu_u64, p))
#define hu_put_unaligned_le16(v, p) hu_put_unaligned_t_(hu_u16, (hu_u16)(v), p)
#define hu_put_unaligned_le32(v, p) hu_put_unaligned_t_(hu_u32, (hu_u32)(v), p)
#define hu_put_unaligned_le64(v, p) hu_put_unaligned_t_(hu_u64, (hu_u64)(v), p)
#define hu_put_unaligned_be16(v, p) hu_put_unaligned_t_(hu_u16, hu_swab16(v), p)
#define hu_put_unaligned_be32(v, p) hu_put_unaligned_t_(hu_u32, hu_swab32(v), p)
#define hu_put_unaligned_be64(v, p) hu_put_unaligned_t_(hu_u64, hu_swab64(v), p)

#ifndef HU_NO_KERNEL_NAMES
#define swab16 hu_swab16
#define swab32 hu_swab32
#define swab64 hu_swab64
#define cpu_to_le16(x) ((__le16)(hu_u16)(x))
#define cpu_to_le32(x) ((__le32)(hu_u32)(x))
#define cpu_to_le64(x) ((__le64)(hu_u64)(x))
#define le16_to_cpu(x) ((hu_u16)(__le16)(x))
#define le32_to_cpu(x) ((hu_u32)(__le32)(x))
#define le64_to_cpu(x) ((hu_u64)(__le64)(x))
#define cpu_to_be16(x) ((__be16)hu_swab16(x))
#define cpu_to_be32(x) ((__be32)hu_swab32(x))
#define cpu_to_be64(x) ((__be64)hu_swab64(x))
#define be16_to_cpu(x) hu_swab16((__be16)(x))
#define be32_to_cpu(x) hu_swab32((__be32)(x))
#define be64_to_cpu(x) hu_swab64((__be64)(x))
#define get_unaligned hu_get_unaligned
#define put_unaligned hu_put_unaligned
#define get_unaligned_le16 hu_get_unaligned_le16
#define get_unaligned_le32 hu_get_unaligned_le32
#define get_unaligned_le64 hu_get_unaligned_le64
#define get_unaligned_be16 hu_get_unaligned_be16
#define get_unaligned_be32 hu_get_unaligned_be32
#define get_unaligned_be64 hu_get_unaligned_be64
#define put_unaligned_le16 hu_put_unaligned_le16
#define put_unaligned_le32 hu_put_unaligned_le32
#define put_unaligned_le64 hu_put_unaligned_le64
#define put_unaligned_be16 hu_put_unaligned_be16
#define put_unaligned_be32 hu_put_unaligned_be32
#define put_unaligned_be64 hu_put_unaligned_be64
#endif

#endif /* HUPCALL_BYTEORDER_H */
