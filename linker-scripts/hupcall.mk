# hupcall.mk: hyperupcalls in a guest kernel's make build. Include it from the installed prefix
# (or a build tree, which has the same layout):
#
#     include $(HUPCALL_PREFIX)/share/hupcall/linker-scripts/hupcall.mk
#
# then list hyperupcall sources as *.hu.o objects of the guest link and add $(HUPCALL_LDFLAGS)
# to it. example/Makefile is a complete guest build, example-module/ a Linux module's (Kbuild);
# docs/guest-integration.md explains the rest.

HUPCALL_MK_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/
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

ifndef if_changed_dep
# A hyperupcall: compile to BPF, verify and embed into an x86-64 object for the guest link, in one
# step. The dependency file names the embedded object, so editing an included header rebuilds it.
%.hu.o: %.c
	$(HUCC) $(HUCC_FLAGS) -MD -MF $(@:.o=.d) -MT $@ --embed -c -o $@ $<
else
# Included from a Linux module's Kbuild file (Kbuild defines if_changed_dep):
#
#     obj-m := mymod.o
#     mymod-y := main.o hupcall_register.o hupcalls/reclaim.hu.o
#     include $(HUPCALL_PREFIX)/share/hupcall/linker-scripts/hupcall.mk
#
# x.hu.o is x.c compiled by hucc with the module's own c_flags (the kernel's headers, its -D and
# -include flags, gcc's options, which hucc drops or accepts), verified and embedded; Kbuild
# tracks its command and dependencies like any object's. hupcall_register.o is register.c, built
# with the kernel's flags. The module's composite link gets hupcalls-module.lds, so the module
# finds its own table between __start_hupcalls and __stop_hupcalls.
HUCC_KBUILD_FLAGS ?=
HUPCALL_MODULE_LDS ?= $(HUPCALL_MK_DIR)hupcalls-module.lds

quiet_cmd_hucc_embed = HUCC [M] $@
      cmd_hucc_embed = $(HUCC) $(c_flags) -I$(HUPCALL_PREFIX)/include $(HUCC_KBUILD_FLAGS) \
                       --embed -c -o $@ $<

$(obj)/%.hu.o: $(src)/%.c FORCE
	$(call if_changed_dep,hucc_embed)

$(obj)/hupcall_register.o: $(HUPCALL_GUEST_DIR)/register.c FORCE
	$(call if_changed_rule,cc_o_c)

ccflags-y += -I$(HUPCALL_PREFIX)/include -I$(HUPCALL_GUEST_DIR)
ldflags-y += -T $(abspath $(HUPCALL_MODULE_LDS))
endif
