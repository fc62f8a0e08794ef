#!/usr/bin/env bash
# Times `cdk synth` of this app (the README's command, with cdk.json's app command), of this
# app as it was launched before the Maven wrapper (`mvn -e -q compile exec:java` with the
# installed Maven, in a copy of the project without mvnw and .mvn/), and of an empty CDK Java
# app made by `cdk init` on the same machine. Prints the medians of elapsed time and of CPU
# time (user + system, all processes of the run) and their ratios; on a machine shared with
# other work, CPU time is the steadier of the two.
#
#   scripts/bench-synth.sh [runs]     # default 5 timed runs each, after one warm-up each
#
# Each run goes through the CDK CLI, so each pays its own launcher: this app's is what users get
# from the README; the empty app's is what `cdk init` generates. The runs are interleaved, one of
# each per round with the order turned every round, so that other load on the machine falls on
# all three alike instead of on whichever ran last.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
CDK=(npx --yes aws-cdk@2.1148.1)
OLD_APP="mvn -e -q compile exec:java"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

empty=$(mktemp -d)
before=$(mktemp -d)
trap 'rm -rf "$empty" "$before"' EXIT
(cd "$empty" && "${CDK[@]}" init app --language java --generate-only > /dev/null 2>&1)
# cdk init asks for version ranges newer than Maven Central has; pin what this app pins.
cdk_version=$(sed -n 's:.*<cdk.version>\(.*\)</cdk.version>.*:\1:p' pom.xml)
constructs_version=$(sed -n 's:.*<constructs.version>\(.*\)</constructs.version>.*:\1:p' pom.xml)
sed -i "s:<cdk.version>.*</cdk.version>:<cdk.version>$cdk_version</cdk.version>:;
        s:<constructs.version>.*</constructs.version>:<constructs.version>$constructs_version</constructs.version>:" \
  "$empty/pom.xml"

# The project as the old app command saw it: no wrapper, no .mvn/ (its JVM options).
git ls-files -z | grep -zv -e '^mvnw' -e '^\.mvn/' | tar -c --null -T - | tar -x -C "$before"

# The configurations: a name, a directory and an app command (empty: the one in its cdk.json).
names=(app old empty)
dirs=("$PWD" "$before" "$empty")
apps=("" "$OLD_APP" "")
if ! command -v mvn > /dev/null; then
  echo "no mvn on PATH: the old app command is not timed" >&2
  names=(app empty); dirs=("$PWD" "$empty"); apps=("" "")
fi

synth_seconds() {  # dir app-command; prints "wall cpu": elapsed, and user + system of all processes
  local dir=$1 app=$2 TIMEFORMAT='%R %U %S' measured
  measured=$( { time (cd "$dir" && "${CDK[@]}" synth --no-lookups --no-notices -q -o "$dir/cdk.out" \
                        ${app:+-a "$app"} > /dev/null 2>&1); } 2>&1 ) \
    || { echo "cdk synth failed in $dir${app:+ with --app '$app'}" >&2; return 1; }
  awk '{print $1, $2 + $3}' <<<"$measured"
}

median() {  # numbers on stdin
  sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

walls=() cpus=()  # per configuration, its runs' seconds separated by spaces
count=${#names[@]}
for i in "${!names[@]}"; do  # warm-up: compiles, fills caches, downloads Maven for ./mvnw
  synth_seconds "${dirs[$i]}" "${apps[$i]}" > /dev/null
done
load_before=$(uptime | sed 's/.*load average/load average/')
for round in $(seq "$runs"); do
  for k in $(seq 0 $((count - 1))); do
    i=$(( (round + k) % count ))
    measured=$(synth_seconds "${dirs[$i]}" "${apps[$i]}")
    read -r wall cpu <<<"$measured"
    walls[i]+="$wall " cpus[i]+="$cpu "
  done
done
load_after=$(uptime | sed 's/.*load average/load average/')

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
row() {  # label configuration-index note
  printf '  %-34s %6.2f s %6.2f s   %s\n' "$1" "$(med "${walls[$2]}")" "$(med "${cpus[$2]}")" "$3"
}
ratios() {  # label index-a index-b target
  printf '  %-34s %6.2f   %6.2f     (target %s)\n' "$1" \
    "$(ratio "$(med "${walls[$2]}")" "$(med "${walls[$3]}")")" \
    "$(ratio "$(med "${cpus[$2]}")" "$(med "${cpus[$3]}")")" "$4"
}
printf 'cdk synth, median of %s interleaved runs on %s cores\n(%s before, %s after):\n' \
  "$runs" "$(nproc)" "$load_before" "$load_after"
printf '  %-34s %8s %8s\n' "" "elapsed" "CPU"
row "this app, app command of cdk.json" 0 "($(node -e 'process.stdout.write(require("./cdk.json").app)'))"
if [ "$count" = 3 ]; then
  row "this app, old app command" 1 \
    "($OLD_APP, $(mvn -v 2>/dev/null | sed -n '1s/\x1b\[[0-9;]*m//g;1p'), no .mvn/)"
fi
row "empty app" $((count - 1)) ""
ratios "this app / empty app" 0 $((count - 1)) "<= 1.5 elapsed"
if [ "$count" = 3 ]; then
  ratios "new app command / old one" 0 1 "<= 1.0"
fi
