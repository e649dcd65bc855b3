/* SPDX-License-Identifier: MIT */
/* Whole files into memory, bounded. Internal. */
#ifndef HU_READ_FILE_H
#define HU_READ_FILE_H

#include <stddef.h>

/* Reads a whole regular file of at most `max` bytes into a malloc'd buffer. */
int hu_read_file(const char *path, void **buf, size_t *len, size_t max, char *err, size_t errlen);

#endif /* HU_READ_FILE_H */
