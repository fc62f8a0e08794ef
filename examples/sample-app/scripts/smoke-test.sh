#!/bin/bash
# The pipeline's Verify stage runs this from the repository's root with SERVICE_URL set (the
# app's smokeTestPath default). It checks that the load balancer serves this commit's release,
# not only that some task is healthy.
set -euo pipefail
expected=$(cat release.txt)
insecure=()
# Over https, Verify calls the load balancer's own DNS name, which the certificate does not name.
case "$SERVICE_URL" in https://*) insecure=(--insecure) ;; esac
body=$(curl --silent --show-error --fail --max-time 10 "${insecure[@]}" "${SERVICE_URL%/}/")
if ! grep -q "\"release\": \"$expected\"" <<< "$body"; then
  echo "expected release $expected at $SERVICE_URL, got: $body" >&2
  exit 1
fi
echo "serves release $expected"
