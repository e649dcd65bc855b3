#!/bin/sh
# Runs, on one engine, each entry the native program listed (lines `name: r0 = VALUE`, see
# Inputs/idiom-main.h) over the guest image laid out at 0xffff888000000000, with the base as
# argument 0, and prints the same lines, so the two are compared with diff.
# usage: idiom-run.sh HU-LOAD ENGINE OBJ IMAGE NATIVE-OUTPUT
set -e
hu_load=$1 engine=$2 obj=$3 image=$4
for name in $(sed 's/:.*//' "$5"); do
    out=$("$hu_load" run --engine "$engine" --image "$image" --window 0xffff888000000000:0x100000 \
        --event exit --name "$name" --arg 0=0xffff888000000000 "$obj")
    echo "$name: $(echo "$out" | sed -n 's/^r0 = //p' | sed 's/^/r0 = /')"
done
