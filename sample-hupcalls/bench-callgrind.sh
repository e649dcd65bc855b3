#!/bin/bash
# The deterministic half of `make bench`: instructions per call counted by callgrind (no hardware
# counters needed). Each sample driver runs its seeded events natively, on the JIT's code called
# directly (the floor), on the interpreter, on the JIT through hu_fire_slot, with the guest's
# constants as immediates in the code, and through hu_fire, dumping one profile per phase with
# collection on only inside the calls, plus a phase that collects around nothing: callgrind's own
# start/stop request, subtracted from every other phase. This script reads the totals back and
# prints instructions per call, their ratios to native, the paper's cycle ratio (Table 5), what
# the fire path adds to the floor (hu_fire_slot's fixed cost), the JIT through hu_fire, and what
# the JIT's constant pool costs against immediates.
#
#   bench-callgrind.sh VALGRIND OUTDIR EVENTS DRIVER OBJECT [DRIVER OBJECT]...
set -euo pipefail

valgrind=$1 outdir=$2 events=$3
shift 3
mkdir -p "$outdir"
printf 'callgrind: instructions per call, less callgrind'"'"'s own start/stop request (%s seeded events per sample, deterministic)\n' "$events"
printf '%-22s %7s %7s %7s %7s %6s %6s %6s %6s | %6s %7s | %7s %8s\n' "sample/event" "JIT" \
    "floor" "interp" "native" "JIT/n" "fl/n" "int/n" "paper" "fire" "hu_fire" "JIT imm" "pool"
while (($# >= 2)); do
    driver=$1 object=$2
    shift 2
    name=$(basename "$driver")
    rm -f "$outdir/$name".out*
    "$valgrind" --tool=callgrind --collect-atstart=no --callgrind-out-file="$outdir/$name.out" \
        "$driver" bench --callgrind --events "$events" --object "$object" >/dev/null 2>"$outdir/$name.log"
    # Each dump: "desc: Trigger: Client Request: <sample>/<event> <phase> <events> <paper>",
    # "totals: N"; <paper> is the paper's hyperupcall/native cycles or "-".
    for f in "$outdir/$name".out.*; do
        awk '/^desc: Trigger: Client Request:/ { label = $5; phase = $6; n = $7; paper = $8 }
             /^totals:/ { print label, phase, $2 / n, paper }' "$f"
    done | sort -k1,1 -s | awk '
        { v[$1, $2] = $3; p[$1] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
        END {
            for (i = 1; i <= k; i++) {
                l = order[i]; q = v[l, "request"]
                j = v[l, "JIT"] - q; f = v[l, "floor"] - q; t = v[l, "interpreter"] - q
                n = v[l, "native"] - q; h = v[l, "hu_fire"] - q; u = v[l, "JIT-imm"] - q
                pr = "-"
                if (split(p[l], c, "/") == 2) pr = sprintf("%.2fx", c[1] / c[2])
                printf "%-22s %7.1f %7.1f %7.1f %7.1f %5.2fx %5.2fx %5.2fx %6s | %6.1f %7.1f | %7.1f %+7.1f%%\n", \
                    l, j, f, t, n, j / n, f / n, t / n, pr, j - f, h, u, 100 * (j / u - 1)
            }
        }'
done
