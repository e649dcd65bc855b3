#!/usr/bin/env bash
# Installs, with apt-get, the Debian packages hupcall's build and tests need, only when missing.
# Idempotent and quiet when everything is present.
set -euo pipefail

packages=(
    llvm-22-dev clang-22 lld-22 llvm-22-tools # the compiler, the plugin's headers, lit and FileCheck
    libclang-rt-22-dev                        # libFuzzer and the sanitizer runtimes for clang 22
    libelf-dev libzstd-dev zlib1g-dev         # libelf for the loader; LLVM's CMake package needs zstd
    cmake make gcc g++ python3                # the build and the lit glue
    binutils                                  # GNU ld, to check the linker script with both linkers
    valgrind                                  # callgrind instruction counts in the benchmark
    linux-headers-amd64                       # real kernel headers for hucc's kernel-mode tests
    qemu-system-x86 busybox-static            # the real-guest test: QEMU (TCG) and its initramfs
    groff-base                                # the manual pages' test renders them
    csmith libcsmith-dev                      # random programs for the compiler's differential test
)
if [ "${1:-}" = "--bench-reclaim" ]; then
    packages+=(gnuplot-nox) # make bench-reclaim's plot; not needed by make check
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi
echo "hupcall: installing missing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "hupcall: installed ${#missing[@]} package(s)"
