#!/usr/bin/env bash
# Validation split of an M4-layout training file: the last H values of every series become a
# validation test file, the rest a validation training file, in the same layout. Every choice
# in `auto` (docs/evaluation.md) is made by scoring such splits; the real test file is only
# scored once the choice is frozen.
#
#   bench/make_validation_split.sh TRAIN.csv H OUT_TRAIN.csv OUT_TEST.csv
#
# Series with fewer than H + 3 values are dropped from both files (nothing left to fit), and
# the number dropped is printed on stderr.
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 TRAIN.csv H OUT_TRAIN.csv OUT_TEST.csv" >&2; exit 2; }
train=$1 h=$2 out_train=$3 out_test=$4
awk -F, -v h="$h" -v out_train="$out_train" -v out_test="$out_test" '
  function header(file, cols,   s, i) {
    s = "\"V1\""
    for (i = 2; i <= cols; i++) s = s ",\"V" i "\""
    print s > file
  }
  NR == 1 { width = NF; header(out_train, NF - h); header(out_test, h + 1); next }
  {
    n = NF
    while (n > 1 && $n == "") n--          # ragged rows: trailing empty cells are padding
    if (n - 1 < h + 3) { dropped++; next }
    row = $1
    for (i = 2; i <= n - h; i++) row = row "," $i
    for (i = n - h + 1; i <= width - h; i++) row = row ","
    print row > out_train
    row = $1
    for (i = n - h + 1; i <= n; i++) row = row "," $i
    print row > out_test
  }
  END { if (dropped) printf "%d series shorter than %d values dropped\n", dropped, h + 3 > "/dev/stderr" }
' "$train"
