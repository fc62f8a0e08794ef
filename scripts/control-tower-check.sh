#!/usr/bin/env bash
# Checks synthesized cloud assemblies against the AWS Control Tower proactive controls (the
# cfn-guard rules AWS publishes, as shipped by the pinned @cdklabs/cdk-validator-cfnguard) and
# against the reviewed exceptions in docs/control-tower-exceptions.json.
#
#   scripts/control-tower-check.sh NAME=ASSEMBLY_DIR [NAME=ASSEMBLY_DIR ...] [--table] [--write-exceptions]
#   scripts/control-tower-check.sh default=cdk.out three-targets=/tmp/x switches-on=/tmp/y
#
# NAME is the configuration the assembly was synthesized with; exceptions are listed per NAME.
# Exits 1 when a failing result is not excepted or an exception no longer matches a failure.
# --table also prints every failing result as Markdown; --write-exceptions rewrites the
# exceptions of the configurations given to today's results (new entries get a TODO reason).
# Needs no AWS credentials: cfn-guard only reads the templates.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
modules=$("$root/scripts/npm-tools.sh")
exec python3 "$root/scripts/control_tower_check.py" \
  --package "$modules/@cdklabs/cdk-validator-cfnguard" \
  --exceptions "$root/docs/control-tower-exceptions.json" "$@"
