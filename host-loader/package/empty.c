/* SPDX-License-Identifier: MIT */
/* libhuhost.so is the library components linked whole; the target needs one source of its own. */
