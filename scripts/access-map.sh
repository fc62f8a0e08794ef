#!/usr/bin/env bash
# Prints the access map of a cloud assembly as Markdown: every IAM role of its templates, who may
# assume it and what it may do (its own policies and every key, bucket, repository, topic and trust
# policy that names it, as written), the way a commit's image takes through the pipeline with the
# statement behind each step, and a Mermaid diagram of it all.
#   scripts/access-map.sh [cdk.out] > access.md      (run the README's synth command first)
# The map is test tooling (src/test/java/.../access), not part of the deployed app; docs/access.md
# is the map of the tests' example configuration, kept current by AccessMapTest.
set -euo pipefail
# A folder given is relative to where the script is called from; the default is this project's cdk.out.
assembly=${1:-}
if [ -n "$assembly" ] && [ "${assembly#/}" = "$assembly" ]; then assembly="$PWD/$assembly"; fi
cd "$(dirname "$0")/.."
assembly=${assembly:-cdk.out}
if [ ! -f "$assembly/manifest.json" ]; then
  echo "No cloud assembly in $assembly: run cdk synth first (the README's synth command)." >&2
  exit 2
fi
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
./mvnw -q -B test-compile exec:java -Dexec.classpathScope=test \
  -DmainClass=io.github.crossaccountdelivery.access.AccessMap -Dexec.args="'$assembly'"
