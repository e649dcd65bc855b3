#!/usr/bin/env bash
# fuzz.sh DIR FIRST COUNT: run.sh over COUNT gen.py programs and then COUNT csmith programs, each
# from seed FIRST, in DIR/fuzz and DIR/fuzz-csmith. Both halves run whatever the first gives;
# exits 1 at the end if either failed (csmith not installed: that half is skipped, not failed).
set -u
here=$(dirname "$0")
bash "$here/run.sh" "$1/fuzz" "$2" "$3"
gen=$?
bash "$here/run.sh" "$1/fuzz-csmith" "$2" "$3" csmith
csmith=$?
[ "$gen" -eq 0 ] && { [ "$csmith" -eq 0 ] || [ "$csmith" -eq 77 ]; }
