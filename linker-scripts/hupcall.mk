# hupcall.mk: hyperupcalls in a guest kernel's make build. Include it from the installed prefix
# (or a build tree, which has the same layout):
#
#     include $(HUPCALL_PREFIX)/share/hupcall/linker-scripts/hupcall.mk
#
# then list hyperupcall sources as *.hu.o objects of the guest link and add $(HUPCALL_LDFLAGS)
# to it. example/Makefile is a complete guest build; docs/guest-integration.md explains the rest.

HUPCALL_MK_DIR := $(dir $(lastword $(MAKEFILE_LIST)))
# The prefix is three levels above this file (share/hupcall/linker-scripts/).
HUPCALL_PREFIX ?= $(abspath $(HUPCALL_MK_DIR)../../..)

HUCC ?= $(HUPCALL_PREFIX)/bin/hucc
HUCC_FLAGS ?= -O2 -g

# The linker script adding the hyperupcall table to the default layout (lld and GNU ld).
HUPCALL_LDS ?= $(HUPCALL_MK_DIR)hupcalls.lds
HUPCALL_LDFLAGS ?= -T $(HUPCALL_LDS)

# The guest-side registration code (register.c, register.h), compiled into the guest kernel.
HUPCALL_GUEST_DIR ?= $(HUPCALL_PREFIX)/share/hupcall/guest
HUPCALL_GUEST_CFLAGS ?= -I$(HUPCALL_PREFIX)/include -I$(HUPCALL_GUEST_DIR) -ffreestanding

# A hyperupcall: compile to BPF, verify and embed into an x86-64 object for the guest link, in one
# step. The dependency file names the embedded object, so editing an included header rebuilds it.
%.hu.o: %.c
	$(HUCC) $(HUCC_FLAGS) -MD -MF $(@:.o=.d) -MT $@ --embed -c -o $@ $<
