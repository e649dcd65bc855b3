#!/bin/sh
# ctest kbuild-module: builds linker-scripts/example-module with Kbuild against the installed
# Debian kernel headers (linux-headers-amd64), embedding the kernel-headers hyperupcalls of
# sample-hupcalls/linux/hupcalls, and checks the .ko: MODPOST clean, the hupcalls section
# bracketed by __start_hupcalls/__stop_hupcalls, one R_X86_64_64 per table symbol reference (the
# module loader fills vmemmap_base's address at insmod), and the table as hu-load reads it; then
# that Kbuild rebuilds a hyperupcall only when it changed, and that a hyperupcall capturing a
# symbol not exported to modules (max_pfn) fails at MODPOST,
# naming it. Prints the module build time. Exit 77 (skip) without the headers.
#
# usage: kbuild_module.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
bin=$2
headers=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
if [ -z "$headers" ] || [ ! -f "$headers/Makefile" ]; then
    echo "SKIP: no /usr/src/linux-headers-*-amd64 (scripts/install-deps.sh installs linux-headers-amd64)"
    exit 77
fi
work=$bin/kbuild-module
rm -rf "$work"
mkdir -p "$work/hupcalls"
cp "$src/linker-scripts/example-module/Kbuild" "$src/linker-scripts/example-module/main.c" "$work/"
cp "$src/sample-hupcalls/linux/hupcalls/reclaim.c" "$src/sample-hupcalls/linux/hupcalls/aging.c" \
    "$work/hupcalls/"

start=$(date +%s%N)
make -C "$headers" M="$work" HUPCALL_PREFIX="$bin" modules > "$work/build.log" 2>&1 || {
    cat "$work/build.log"
    echo "FAIL: the module did not build"
    exit 1
}
end=$(date +%s%N)
cat "$work/build.log"
echo "module build: $(( (end - start) / 1000000 )) ms (2 hyperupcalls, register.c, main.c; $headers)"

fail() {
    echo "FAIL: $*"
    exit 1
}
ko=$work/hupcall_example.ko
# Kbuild's own complaints (modpost: undefined symbols, section mismatches; compiler warnings).
if grep -E "WARNING|ERROR|warning:|error:" "$work/build.log"; then
    fail "the module build printed warnings or errors"
fi
grep -q "HUCC \[M\] .*hupcalls/reclaim.hu.o" "$work/build.log" || fail "reclaim.c not built by hucc"
readelf -S -W "$ko" | grep -q " hupcalls .* A " || fail "no allocated hupcalls section in the .ko"
# __start_hupcalls at offset 0 and __stop_hupcalls at the section's end, both in the section.
sec=$(readelf -S -W "$ko" | sed -n 's/^ *\[ *\([0-9]*\)\] hupcalls .*/\1/p')
size=$(readelf -S -W "$ko" | awk '$2 == "hupcalls" { print $6 }')
readelf -s -W "$ko" | awk -v s="$sec" '$8 == "__start_hupcalls" && $7 == s && $2 + 0 == 0 { f = 1 } END { exit !f }' ||
    fail "__start_hupcalls is not the start of section $sec"
stop=$(readelf -s -W "$ko" | awk -v s="$sec" '$8 == "__stop_hupcalls" && $7 == s { print $2 }')
[ -n "$stop" ] && [ $((0x$stop)) -eq $((0x$size)) ] || fail "__stop_hupcalls ($stop) is not the end of the table ($size)"
# One absolute relocation per symbol reference: vmemmap_base, captured by both hyperupcalls.
relocs=$(readelf -r -W "$ko" | sed -n '/^Relocation section .\.rela.\{0,1\}hupcalls/,/^$/p')
echo "$relocs"
[ "$(echo "$relocs" | grep -c 'R_X86_64_64 .* vmemmap_base + 0')" -eq 2 ] ||
    fail "expected 2 R_X86_64_64 relocations on vmemmap_base in the table"
[ "$(echo "$relocs" | grep -c R_X86_64)" -eq 2 ] || fail "unexpected relocations in the table"
# The table as the host reads it: both hyperupcalls, each with the captured vmemmap_base.
"$bin/bin/hu-load" list "$ko" | tee "$work/list.txt"
grep -q "^hupcall_reclaim  *reclaim .* vmemmap_base$" "$work/list.txt" || fail "reclaim not in the table"
grep -q "^hupcall_aging  *aging .* vmemmap_base$" "$work/list.txt" || fail "aging not in the table"

# Kbuild tracks the hyperupcalls like its own objects: nothing to do when nothing changed; an
# edited source rebuilds that one.
make -C "$headers" M="$work" HUPCALL_PREFIX="$bin" modules > "$work/again.log" 2>&1 ||
    fail "the second make failed"
if grep "HUCC" "$work/again.log"; then fail "hyperupcalls rebuilt with nothing changed"; fi
touch "$work/hupcalls/aging.c"
make -C "$headers" M="$work" HUPCALL_PREFIX="$bin" modules > "$work/touched.log" 2>&1 ||
    fail "the make after touching aging.c failed"
[ "$(grep -c "HUCC" "$work/touched.log")" -eq 1 ] && grep -q "HUCC \[M\] .*aging.hu.o" "$work/touched.log" ||
    { cat "$work/touched.log"; fail "touching aging.c did not rebuild exactly aging.hu.o"; }

# The module loader resolves only exported symbols; MODPOST says so at build time.
neg=$bin/kbuild-module-unexported
rm -rf "$neg"
mkdir -p "$neg/hupcalls"
cp "$work/main.c" "$neg/"
sed 's|hupcalls/reclaim.hu.o hupcalls/aging.hu.o|hupcalls/max_pfn.hu.o|' "$work/Kbuild" > "$neg/Kbuild"
cat > "$neg/hupcalls/max_pfn.c" <<'EOC'
#include <linux/mm.h>
#include <hupcall/capture.h>
#include <hupcall/hupcall.h>

extern unsigned long max_pfn; /* not exported to modules */
HU_CAPTURE(max_pfn);

HUPCALL(reclaim)
{
    return hu_reclaim_gfn(ctx) < max_pfn;
}
EOC
if make -C "$headers" M="$neg" HUPCALL_PREFIX="$bin" modules > "$neg/build.log" 2>&1; then
    fail "a module capturing the unexported max_pfn was built"
fi
grep 'ERROR: modpost: "max_pfn" .* undefined!' "$neg/build.log" ||
    { cat "$neg/build.log"; fail "MODPOST did not name max_pfn"; }
echo "PASS: hupcall_example.ko carries 2 hyperupcalls, table bracketed, symbols relocated;" \
    "an unexported capture fails at MODPOST"
