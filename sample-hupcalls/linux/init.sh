#!/bin/sh
# SPDX-License-Identifier: MIT
# /init of the real-guest test's initramfs: mounts the kernel's file systems, then runs the
# commands the host sends on the serial console, one per line, answering each with "@@rc N" (its
# exit status). The host drives the test; this script only executes.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
stty -echo -onlcr 2>/dev/null
echo "@@ready $(cat /proc/sys/kernel/osrelease)"
while read -r line; do
    eval "$line"
    echo "@@rc $?"
done
poweroff -f
