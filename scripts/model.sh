#!/usr/bin/env bash
# Prints, per stack of a cloud assembly, the modeled rolling-deploy time and idle monthly cost,
# priced in the stack's region from src/test/resources/prices/<region>.json; then the pipeline's
# commit-to-verified lead time per target, timed from src/test/resources/timings.json.
#   scripts/model.sh [cdk.out]      (run the README's synth command first)
# The model is test tooling (src/test/java/.../model), not part of the deployed app.
set -euo pipefail
cd "$(dirname "$0")/.."
assembly=${1:-cdk.out}
if [ ! -f "$assembly/manifest.json" ]; then
  echo "No cloud assembly in $assembly: run cdk synth first (the README's synth command)." >&2
  exit 2
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test \
  -DmainClass=io.github.crossaccountdelivery.model.ModelReport -Dexec.args="$assembly"
