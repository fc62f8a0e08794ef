#!/usr/bin/env bash
# Prints, per stack in cdk.out, the modeled rolling-deploy time and idle monthly cost.
#   scripts/model.sh [cdk.out]      (run the README's synth command first)
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
mvn -q -B -Dstyle.color=never compile exec:java@model -Dexec.args="${1:-cdk.out}"
