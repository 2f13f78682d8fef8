#!/usr/bin/env bash
# How long `cadre list` takes through the launcher: N runs (default 10) after one warm-up, each
# timed, then the fastest, the median and the slowest. Build first: mvn -q -pl cli -am package.
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-10}"
launcher=target/cadre
[ -x "$launcher" ] || { echo "no $launcher: build it with mvn -q -pl cli -am package" >&2; exit 2; }
"$launcher" list >/dev/null
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$launcher" list >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "cadre list, $runs runs (ms): fastest ${sorted[0]}, median ${sorted[$((runs / 2))]}," \
  "slowest ${sorted[$((runs - 1))]}"
