#!/usr/bin/env python3
"""Writes src/main/resources/regions/availability-zones.json, the zone letters of each region that
the configuration checks availabilityZones against, from AWS CloudFormation Linter's own table
(cfn-lint, maintained by AWS; preinstalled on this project's machines).

    python3 scripts/availability-zones.py      # then review the diff
"""
import json
import os

import cfnlint
import cfnlint.helpers

SOURCE = ("Availability Zone letters of each region. Source: the AVAILABILITY_ZONES table of AWS CloudFormation"
          " Linter (cfn-lint) %s, which AWS maintains; https://docs.aws.amazon.com/global-infrastructure/latest/"
          "regions/aws-availability-zones.html lists the zones' IDs. Accounts created before November 2025 may see"
          " other letters in the oldest regions (us-east-1, us-west-1, ap-northeast-1): allowUnlistedZones lets such"
          " an account say so. Regenerate with scripts/availability-zones.py.")

zones = cfnlint.helpers.AVAILABILITY_ZONES
table = {"//": SOURCE % cfnlint.version.__version__}
for region in sorted(zones):
    table[region] = "".join(zone[len(region):] for zone in zones[region])
path = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "regions", "availability-zones.json")
with open(path, "w") as out:
    out.write(json.dumps(table, indent=1) + "\n")
