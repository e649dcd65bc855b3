/* SPDX-License-Identifier: MIT */
/*
 * Static keys as plain branches: where the kernel patches a jump, a hyperupcall reads the key's
 * `enabled` count from guest memory. Keys are guest symbols (DECLARE_STATIC_KEY_*), never
 * defined here: a hyperupcall has no writable data of its own. The hu_ forms work on the
 * kernel's own struct static_key_{true,false} too (the count is their first field).
 */
#ifndef HUPCALL_JUMP_LABEL_H
#define HUPCALL_JUMP_LABEL_H

#include <hupcall/atomic.h>

#define hu_static_key_enabled(k) (hu_atomic_read(&(k)->enabled) > 0)
#define hu_static_branch_likely(x) likely(hu_static_key_enabled(&(x)->key))
#define hu_static_branch_unlikely(x) unlikely(hu_static_key_enabled(&(x)->key))

#ifndef HU_NO_KERNEL_NAMES
struct static_key {
    atomic_t enabled;
};
struct static_key_true {
    struct static_key key;
};
struct static_key_false {
    struct static_key key;
};
#define DECLARE_STATIC_KEY_TRUE(name) extern struct static_key_true name
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name
#define static_key_enabled hu_static_key_enabled
#define static_branch_likely hu_static_branch_likely
#define static_branch_unlikely hu_static_branch_unlikely
#endif

#endif /* HUPCALL_JUMP_LABEL_H */
