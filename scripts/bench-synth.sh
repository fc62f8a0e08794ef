#!/usr/bin/env bash
# Times `cdk synth` of this app (the README's command) against an empty CDK Java app made by
# `cdk init` on the same machine, and prints the medians and their ratio.
#
#   scripts/bench-synth.sh [runs]     # default 5 timed runs each, after one warm-up
#
# Both run through the CDK CLI with their own cdk.json, so each pays its own launcher: this
# app's is what users get from the README; the empty app's is what `cdk init` generates.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
CDK=(npx --yes aws-cdk@2.1148.1)
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
(cd "$empty" && "${CDK[@]}" init app --language java --generate-only > /dev/null 2>&1)
# cdk init asks for version ranges newer than Maven Central has; pin what this app pins.
cdk_version=$(sed -n 's:.*<cdk.version>\(.*\)</cdk.version>.*:\1:p' pom.xml)
constructs_version=$(sed -n 's:.*<constructs.version>\(.*\)</constructs.version>.*:\1:p' pom.xml)
sed -i "s:<cdk.version>.*</cdk.version>:<cdk.version>$cdk_version</cdk.version>:;
        s:<constructs.version>.*</constructs.version>:<constructs.version>$constructs_version</constructs.version>:" \
  "$empty/pom.xml"

median_seconds() {  # dir
  local dir=$1 times=()
  (cd "$dir" && "${CDK[@]}" synth --no-lookups --no-notices -q -o "$dir/cdk.out" > /dev/null 2>&1)  # warm-up, compiles
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && "${CDK[@]}" synth --no-lookups --no-notices -q -o "$dir/cdk.out" > /dev/null 2>&1)
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" "BEGIN {print b - a}")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

app=$(median_seconds "$PWD")
base=$(median_seconds "$empty")
ratio=$(awk -v a="$app" -v b="$base" "BEGIN {printf \"%.2f\", a / b}")
printf 'cdk synth, median of %s runs on %s cores:\n' "$runs" "$(nproc)"
printf '  this app   %6.2f s\n  empty app  %6.2f s\n  ratio      %6.2f (target <= 1.5)\n' "$app" "$base" "$ratio"
