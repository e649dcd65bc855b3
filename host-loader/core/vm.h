/* SPDX-License-Identifier: MIT */
/* Registration of several objects at once, for the guest image's table. Internal. */
#ifndef HU_VM_H
#define HU_VM_H

#include <stddef.h>

#include <hupcall/huhost.h>

/* hu_register() of objs[i] with opts[i] for every i < n, all or nothing: when one fails none is
 * registered and err says which. Returns the number registered or -errno. */
int hu_register_all(struct hu_vm *vm, const struct hu_object *const *objs,
                    const struct hu_reg_opts *opts, size_t n, char *err, size_t errlen);

#endif /* HU_VM_H */
