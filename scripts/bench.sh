#!/usr/bin/env bash
# Times, side by side on this machine, the three things the project's speed targets compare:
#
#   empty    `cdk synth` of an empty Java app made by `cdk init` (its own app command, mvn)
#   synth    `cdk synth` of this app, the README's command (cdk.json's app command)
#   tests    `./mvnw test`, the README's test command, warm (compiled, dependencies downloaded)
#
# and prints the medians of elapsed and CPU time (user + system of every process of the run)
# and the ratios the targets name: synth / empty <= 1.2, tests / empty <= 2.5.
#
#   scripts/bench.sh [rounds]      # default 3, after one warm-up of each
#
# The runs are interleaved, one of each per round with the order turned every round, so that
# other load on the machine falls on all three alike; machines here differ by 2x, so only the
# ratios of one run compare.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
CDK=(npx --yes "aws-cdk@$(sed -n 's:.*<cdk.cli.version>\(.*\)</cdk.cli.version>.*:\1:p' pom.xml)")
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
# Both apps print jsii's Node 20 banner otherwise (this app's command silences it itself).
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
(cd "$empty" && "${CDK[@]}" init app --language java --generate-only > /dev/null 2>&1)
# cdk init asks for version ranges newer than Maven Central has; pin what this app pins.
for property in cdk.version constructs.version; do
  version=$(sed -n "s:.*<$property>\(.*\)</$property>.*:\1:p" pom.xml)
  sed -i "s:<$property>.*</$property>:<$property>$version</$property>:" "$empty/pom.xml"
done

names=(empty synth tests)
run() {  # name; prints "wall cpu"
  local TIMEFORMAT='%R %U %S' measured
  case $1 in
    empty) measured=$( { time (cd "$empty" && "${CDK[@]}" synth --no-lookups --no-notices -q > /dev/null 2>&1); } 2>&1 ) ;;
    synth) measured=$( { time ("${CDK[@]}" synth --no-lookups --no-notices -q > /dev/null 2>&1); } 2>&1 ) ;;
    tests) measured=$( { time (./mvnw -q -B test > /dev/null 2>&1); } 2>&1 ) ;;
  esac || { echo "$1 failed" >&2; return 1; }
  awk '{print $1, $2 + $3}' <<<"$measured"
}

declare -A walls cpus
for name in "${names[@]}"; do run "$name" > /dev/null; done   # warm-up: compiles, downloads, fills caches
load_before=$(uptime | sed 's/.*load average/load average/')
for round in $(seq "$rounds"); do
  for k in 0 1 2; do
    name=${names[$(( (round + k) % 3 ))]}
    read -r wall cpu <<<"$(run "$name")"
    walls[$name]+="$wall " cpus[$name]+="$cpu "
  done
done
load_after=$(uptime | sed 's/.*load average/load average/')

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'medians of %s interleaved rounds on %s cores (%s before, %s after)\n' "$rounds" "$(nproc)" \
  "$load_before" "$load_after"
printf '  %-40s %8s %8s\n' "" elapsed CPU
printf '  %-40s %6.2f s %6.2f s\n' "empty cdk init app: cdk synth" "$(median "${walls[empty]}")" "$(median "${cpus[empty]}")"
printf '  %-40s %6.2f s %6.2f s\n' "this app: cdk synth" "$(median "${walls[synth]}")" "$(median "${cpus[synth]}")"
printf '  %-40s %6.2f s %6.2f s\n' "this app: ./mvnw test" "$(median "${walls[tests]}")" "$(median "${cpus[tests]}")"
ratio() { awk -v a="$(median "${walls[$1]}")" -v b="$(median "${walls[empty]}")" 'BEGIN {printf "%.2f", a / b}'; }
printf '  synth / empty = %s (target 1.2 or less); tests / empty = %s (target 2.5 or less)\n' \
  "$(ratio synth)" "$(ratio tests)"
