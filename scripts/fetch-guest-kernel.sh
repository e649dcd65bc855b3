#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetches the Debian kernel image that matches the installed linux-headers-amd64 (so a module built
# against those headers loads: same vermagic) into DIR, without installing it: `apt-get download`
# of linux-image-<version>, only boot/vmlinuz unpacked from it, and the uncompressed vmlinux (fast
# PVH boot) extracted from the bzImage. Cached: a second run does nothing.
#
# usage: scripts/fetch-guest-kernel.sh DIR
# prints: the kernel release (e.g. 6.1.0-57-amd64); DIR holds vmlinuz, vmlinux and release
# exit 77 (with the reason on stderr) when the image cannot be had here.
set -euo pipefail

dir=${1:?usage: fetch-guest-kernel.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)

headers=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
    grep -o 'linux-headers-[^ ,]*' | head -1) || true
if [ -z "$headers" ]; then
    echo "fetch-guest-kernel: linux-headers-amd64 is not installed (scripts/install-deps.sh)" >&2
    exit 77
fi
release=${headers#linux-headers-}

if [ -f "$dir/release" ] && [ "$(cat "$dir/release")" = "$release" ] && [ -f "$dir/vmlinux" ]; then
    echo "$release"
    exit 0
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
tmp=$(mktemp -d "$dir/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download -q "linux-image-$release" >/dev/null 2>"$tmp/apt.log"); then
    echo "fetch-guest-kernel: apt-get download linux-image-$release failed:" \
        "$(tail -1 "$tmp/apt.log")" >&2
    exit 77
fi
dpkg-deb --fsys-tarfile "$tmp"/linux-image-*.deb |
    tar -x -C "$tmp" "./boot/vmlinuz-$release"
python3 "$here/extract-vmlinux.py" "$tmp/boot/vmlinuz-$release" "$tmp/vmlinux"
mv "$tmp/boot/vmlinuz-$release" "$dir/vmlinuz"
mv "$tmp/vmlinux" "$dir/vmlinux"
echo "$release" >"$dir/release"
echo "$release"
