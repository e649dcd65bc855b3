#!/usr/bin/env bash
# run.sh DIR FIRST_SEED COUNT: generates COUNT programs (gen.py), compiles each natively and with
# both hucc routes, and runs hu-difftest over them. Prints how many ran, compiled, verified and
# agreed; exits 1 if any program failed to compile or verify, or disagreed (its source, objects
# and output stay in DIR). Environment: HUCC, DIFFTEST, HUPCALL_INCLUDE, CC, PYTHON.
set -u
dir=$1 first=$2 count=$3
here=$(dirname "$0")
mkdir -p "$dir"
ran=0 compiled=0 verified=0 agreed=0 failed=()
for ((seed = first; seed < first + count; seed++)); do
    p=$dir/p$seed
    ran=$((ran + 1))
    "$PYTHON" "$here/gen.py" "$seed" >"$p.c"
    if ! "$CC" -std=gnu11 -O1 -w -shared -fPIC -DHUPCALL_NATIVE -I "$HUPCALL_INCLUDE" "$p.c" \
        -o "$p.so" 2>"$p.log"; then
        failed+=("$seed: native build failed"); continue
    fi
    # A failure is then retried without verification, to count a verifier rejection apart.
    if ! "$HUCC" -c -O2 -g "$p.c" -o "$p.o" 2>>"$p.log" ||
        ! "$HUCC" --kernel -c -O2 -g "$p.c" -o "$p.k.o" 2>>"$p.log"; then
        if "$HUCC" --no-verify -c -O2 -g "$p.c" -o "$p.o" 2>/dev/null &&
            "$HUCC" --no-verify --kernel -c -O2 -g "$p.c" -o "$p.k.o" 2>/dev/null; then
            compiled=$((compiled + 1))
            failed+=("$seed: rejected by the verifier: $(grep -m1 error "$p.log")")
        else
            failed+=("$seed: hucc failed: $(grep -m1 error "$p.log")")
        fi
        continue
    fi
    compiled=$((compiled + 1))
    verified=$((verified + 1))
    if ! "$DIFFTEST" --seed "$seed" --inputs 8 "$p.so" "$p.o" "$p.k.o" >>"$p.log" 2>&1; then
        failed+=("$seed: differs: $(tail -1 "$p.log")"); continue
    fi
    agreed=$((agreed + 1))
    rm -f "$p.c" "$p.so" "$p.o" "$p.k.o" "$p.log"
done
echo "difftest: $ran programs ran, $compiled compiled, $verified verified, $agreed agreed"
for f in "${failed[@]+"${failed[@]}"}"; do echo "  seed $f"; done
[ "$agreed" -eq "$ran" ]
