/* SPDX-License-Identifier: MIT */
/*
 * Static keys as plain branches: where the kernel patches a jump, a hyperupcall reads the key's
 * `enabled` count from guest memory. Keys are guest symbols (DECLARE_STATIC_KEY_*), never
 * defined here: a hyperupcall has no writable data of its own.
 */
#ifndef HUPCALL_JUMP_LABEL_H
#define HUPCALL_JUMP_LABEL_H

#include <hupcall/atomic.h>

#ifndef _LINUX_TYPES_H
struct static_key {
    atomic_t enabled;
};
struct static_key_true {
    struct static_key key;
};
struct static_key_false {
    struct static_key key;
};
#endif

#define DECLARE_STATIC_KEY_TRUE(name) extern struct static_key_true name
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name

#define static_key_enabled(k) (atomic_read(&(k)->enabled) > 0)
#define static_branch_likely(x) likely(static_key_enabled(&(x)->key))
#define static_branch_unlikely(x) unlikely(static_key_enabled(&(x)->key))

#endif /* HUPCALL_JUMP_LABEL_H */
