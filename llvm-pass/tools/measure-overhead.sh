#!/usr/bin/env bash
# Instructions the pass plugin adds per guest memory access, measured on BPF objects.
#
#   llvm-pass/tools/measure-overhead.sh BUILD_DIR [-I DIR]... FILE.c...
#
# Each file is compiled twice with clang-22 -O2 --target=bpf: with the plugin and without it.
# `hu-load disasm --kinds` (the host verifier's register kinds before every instruction) then
# classifies the instructions of the plugin's object:
#   guest   memory accesses whose base register is hva+(x&mask)
#   stack   accesses through the frame pointer; ctx: accesses through the context
#   mask    `rX &= rM` with rM the mask; add: `rX += rH` joining hva and a masked offset
#   window  the loads of ctx->hva and ctx->guest_mask (once per entry)
# per access = (mask + add) / guest. delta = instructions with the plugin - without, a
# whole-program figure that also counts the window loads, register copies and spills.
set -euo pipefail
build=${1:?usage: measure-overhead.sh BUILD_DIR [-I DIR]... FILE.c...}
shift
llvm=${LLVM_BIN:-/usr/lib/llvm-22/bin}
plugin=$build/lib/HupcallPass.so
huload=$build/bin/hu-load
incs=(-I "$(dirname "$0")/../../hupcall-libc/include")
while [ "${1:-}" = -I ]; do incs+=(-I "$2"); shift 2; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

count_insns() { # BPF instructions in the executable sections (ld_imm64 counts once)
    "$llvm/llvm-objdump" -d --no-show-raw-insn "$1" | grep -cE '^ +[0-9]+:'
}

printf '%-22s %6s %6s %6s %6s %6s %6s %9s %6s %6s\n' program guest stack ctx mask add window \
    per-access without delta
for src in "$@"; do
    name=$(basename "$src" .c)
    flags=(--target=bpf -O2 -mllvm -unroll-max-upperbound=4096 "${incs[@]}" -c)
    "$llvm/clang" "${flags[@]}" -fpass-plugin="$plugin" -o "$tmp/$name.o" "$src"
    "$llvm/clang" "${flags[@]}" -o "$tmp/$name.base.o" "$src"
    with=$(count_insns "$tmp/$name.o")
    without=$(count_insns "$tmp/$name.base.o")
    "$huload" disasm --kinds "$tmp/$name.o" | awk -v name="$name" -v with="$with" \
        -v without="$without" '
        function kind(r) { return (r in K) ? K[r] : "" }
        /^ +[0-9]+: / { sub(/^ +[0-9]+: /, ""); insn = $0; next }
        /^ +; / {
            delete K
            for (i = 2; i <= NF; i++) { split($i, kv, "="); K[kv[1]] = substr($i, length(kv[1]) + 2) }
            if (match(insn, /\*\(u(8|16|32|64) \*\)\(r[0-9]+ [+-]/)) {
                match(insn, /\)\(r[0-9]+/)
                base = kind(substr(insn, RSTART + 2, RLENGTH - 2))
                if (base == "hva+(x&mask)") guest++
                else if (base == "fp") stack++
                else if (base == "ctx") {
                    if (insn ~ /\+ 0x(8|18)\)$/) window++; else ctxacc++
                }
            } else if (split(insn, w, " ") == 3 && w[2] == "&=" && kind(w[3]) == "mask") {
                mask++
            } else if (split(insn, w, " ") == 3 && w[2] == "+=" &&
                       ((kind(w[1]) == "(x&mask)" && kind(w[3]) == "hva") ||
                        (kind(w[1]) == "hva" && kind(w[3]) == "(x&mask)"))) {
                add++
            }
        }
        END {
            per = guest ? sprintf("%.2f", (mask + add) / guest) : "-"
            printf "%-22s %6d %6d %6d %6d %6d %6d %9s %6d %+6d\n", name, guest, stack, ctxacc,
                mask, add, window, per, without, with - without
        }'
done
