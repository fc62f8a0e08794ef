#!/usr/bin/env python3
"""Checks cloud assemblies against the AWS Control Tower proactive controls and a reviewed
list of exceptions. Run through scripts/control-tower-check.sh, which installs the rules.

    control_tower_check.py --package DIR [--exceptions FILE] [--table] [--write-exceptions]
                           NAME=ASSEMBLY_DIR [NAME=ASSEMBLY_DIR ...]

DIR is the installed @cdklabs/cdk-validator-cfnguard package: its cfn-guard binary and its
rules/control-tower/{cfn-guard,metadata} folders. One cfn-guard run evaluates every rule over
every *.template.json of every assembly.

A failing result is one control failing on one resource of one stack. An exception names it by
  rule      the control's ID, e.g. "CT.S3.PR.2"
  resource  "<stack role>:<construct path inside the stack>", e.g. "test:Logs/Bucket/Resource",
            where the role is the stack name less the "<appName>-" prefix that all stacks of an
            assembly share, so that renaming the app (or the logical IDs' hashes changing) does
            not invalidate the list. A resource without aws:cdk:path metadata is named
            "<role>#<logical ID>" instead.
Exceptions are listed per configuration name (the NAME of NAME=ASSEMBLY_DIR).

Exit status 1 when a failing result has no exception or an exception matches no failing result
(a stale entry would silently cover the next regression), 2 on a usage or tool error.
"""
import argparse
import glob
import json
import os
import platform
import re
import subprocess
import sys
import time

TODO_REASON = "TODO: reviewed by lead"
COMMENT = ("Reviewed failures of AWS Control Tower proactive controls, checked by"
           " scripts/control-tower-check.sh: per configuration, {rule: control ID, resource:"
           " '<stack role>:<construct path inside the stack>', reason}. The role is the stack name"
           " without its '<appName>-' prefix. An entry that matches no failure fails the check.")
# cfn-guard's exit codes: 0 all rules pass, 19 some rule fails; anything else is an error.
GUARD_OK_CODES = (0, 19)


class UsageError(Exception):
    pass


def rule_order(rule_id):
    """Sorts CT.S3.PR.2 before CT.S3.PR.10."""
    return [int(part) if part.isdigit() else part for part in rule_id.split(".")]


def guard_binary(package):
    system = {"Linux": "ubuntu", "Darwin": "macos"}.get(platform.system())
    machine = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64", "arm64": "aarch64"}.get(
        platform.machine().lower())
    if not system or not machine:
        raise UsageError(f"no cfn-guard binary for {platform.system()} {platform.machine()}")
    return os.path.join(package, "bin", system, machine, "cfn-guard")


def load_controls(package):
    """Maps each guard rule name to its control: ID, title and fix, from the rule's metadata."""
    rules_dir = os.path.join(package, "rules", "control-tower", "cfn-guard")
    metadata_dir = os.path.join(package, "rules", "control-tower", "metadata")
    by_rule_name, controls = {}, {}
    for guard_file in sorted(glob.glob(os.path.join(rules_dir, "**", "*.guard"), recursive=True)):
        stem = os.path.basename(guard_file)[: -len(".guard")]
        service = os.path.basename(os.path.dirname(guard_file))
        with open(os.path.join(metadata_dir, service, stem + ".metadata.json")) as f:
            metadata = json.load(f)
        control = {
            "id": metadata["Id"],
            "title": metadata["DisplayName"],
            "fix": metadata.get("RemediationMessage", ""),
        }
        controls[control["id"]] = control
        with open(guard_file) as f:
            # The rule evaluated against templates; its twin "when is_cfn_hook" has the same name.
            names = set(re.findall(r"^rule\s+(\w+)\s+when\s+is_cfn_template", f.read(), re.M))
        if not names:
            raise UsageError(f"{guard_file}: no rule for CloudFormation templates found")
        for name in names:
            if by_rule_name.get(name, control)["id"] != control["id"]:
                raise UsageError(f"guard rule {name} is defined by two controls")
            by_rule_name[name] = control
    if not controls:
        raise UsageError(f"no Control Tower rules under {rules_dir}")
    return rules_dir, by_rule_name, controls


def stack_roles(stack_names):
    """Strips the "<appName>-" prefix that every stack name of one assembly starts with."""
    if len(stack_names) < 2:
        return {name: name for name in stack_names}
    common = os.path.commonprefix(stack_names)
    prefix = common[: common.rfind("-") + 1]
    return {name: name[len(prefix):] for name in stack_names}


def load_assembly(config, directory):
    """Returns the assembly's stacks: name, role, template path and template."""
    # cfn-guard names each report by the template's canonical path: pass that, to find it again.
    templates = sorted(os.path.realpath(p) for p in glob.glob(os.path.join(directory, "*.template.json")))
    if not templates:
        raise UsageError(f"{config}: no *.template.json in {directory}")
    # Stack names come from the manifest where it names them (a stack may set its own name).
    names_by_file = {}
    manifest = os.path.join(directory, "manifest.json")
    if os.path.exists(manifest):
        with open(manifest) as f:
            for artifact_id, artifact in json.load(f).get("artifacts", {}).items():
                if artifact.get("type") == "aws:cloudformation:stack":
                    properties = artifact.get("properties", {})
                    names_by_file[properties.get("templateFile")] = properties.get("stackName", artifact_id)
    stacks = []
    for path in templates:
        base = os.path.basename(path)
        with open(path) as f:
            template = json.load(f)
        stacks.append({
            "config": config,
            "name": names_by_file.get(base, base[: -len(".template.json")]),
            "artifact": base[: -len(".template.json")],
            "path": path,
            "template": template,
        })
    roles = stack_roles([s["name"] for s in stacks])
    for stack in stacks:
        stack["role"] = roles[stack["name"]]
    return stacks


def run_guard(binary, rules_dir, stacks):
    command = [binary, "validate", "--rules", rules_dir]
    for stack in stacks:
        command += ["--data", stack["path"]]
    command += ["--output-format", "json", "--show-summary", "none", "--structured"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in GUARD_OK_CODES:
        raise UsageError(f"cfn-guard exited {result.returncode}:\n{result.stderr}{result.stdout[:2000]}")
    reports = {report["name"]: report for report in json.loads(result.stdout)}
    missing = [s["path"] for s in stacks if s["path"] not in reports]
    if missing:
        raise UsageError(f"cfn-guard reported nothing for {', '.join(missing)}")
    return reports


def failing_logical_ids(node, found):
    """Collects the logical IDs that the failing clauses of one rule result point into."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "path" and isinstance(value, str):
                match = re.match(r"^/Resources/([^/]+)", value)
                if match:
                    found.add(match.group(1))
            else:
                failing_logical_ids(value, found)
    elif isinstance(node, list):
        for item in node:
            failing_logical_ids(item, found)
    return found


def evaluate(stacks, reports, by_rule_name):
    """Returns the failing results and the count of (template, control) evaluations that applied
    and that passed."""
    failures, applied, passed = [], 0, 0
    for stack in stacks:
        report = reports[stack["path"]]
        failed_rules = {entry["Rule"]["name"]: entry for entry in report.get("not_compliant") or []}
        compliant_rules = set(report.get("compliant") or [])
        failed_controls = {by_rule_name.get(name, {"id": name})["id"] for name in failed_rules}
        compliant_controls = {by_rule_name.get(name, {"id": name})["id"] for name in compliant_rules}
        applied += len(failed_controls | compliant_controls)
        passed += len(compliant_controls - failed_controls)
        resources = stack["template"].get("Resources", {})
        for rule_name, entry in failed_rules.items():
            control = by_rule_name.get(rule_name) or {"id": rule_name, "title": rule_name, "fix": ""}
            logical_ids = sorted(failing_logical_ids(entry, set()) & set(resources)) or ["(template)"]
            for logical_id in logical_ids:
                cdk_path = resources.get(logical_id, {}).get("Metadata", {}).get("aws:cdk:path")
                inner = cdk_path.split("/", 1)[1] if cdk_path and "/" in cdk_path else None
                failures.append({
                    "config": stack["config"],
                    "rule": control["id"],
                    "title": control["title"],
                    "fix": control["fix"],
                    "stack": stack["name"],
                    "logical_id": logical_id,
                    "cdk_path": cdk_path,
                    "resource": f"{stack['role']}:{inner}" if inner else f"{stack['role']}#{logical_id}",
                })
    # One result per control, resource and stack, whichever guard rules of the control failed.
    unique = {(f["config"], f["rule"], f["stack"], f["logical_id"]): f for f in failures}
    ordered = sorted(unique.values(), key=lambda f: (f["config"], rule_order(f["rule"]), f["stack"], f["logical_id"]))
    return ordered, applied, passed


def load_exceptions(path, controls):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        document = json.load(f)
    if not isinstance(document, dict):
        raise UsageError(f"{path}: expected an object of configuration name -> list of exceptions")
    exceptions = {}
    for config, entries in document.items():
        if config == "//":  # room for a comment, as in cdk.json
            continue
        if not isinstance(entries, list):
            raise UsageError(f"{path}: {config}: expected a list")
        seen = set()
        for entry in entries:
            if not isinstance(entry, dict) or set(entry) != {"rule", "resource", "reason"} \
                    or not all(isinstance(v, str) and v.strip() for v in entry.values()):
                raise UsageError(f"{path}: {config}: each entry needs exactly rule, resource and a reason: {entry}")
            if entry["rule"] not in controls:
                raise UsageError(f"{path}: {config}: unknown control {entry['rule']}")
            key = (entry["rule"], entry["resource"])
            if key in seen:
                raise UsageError(f"{path}: {config}: listed twice: {entry['rule']} {entry['resource']}")
            seen.add(key)
        exceptions[config] = entries
    return exceptions


def entry_text(failure, reason):
    return json.dumps({"rule": failure["rule"], "resource": failure["resource"], "reason": reason})


def print_table(failures, out):
    """A Markdown table of the failing results, grouped by control."""
    out.write("| rule | configuration | stack | logical ID | construct path | excepted |\n")
    out.write("| --- | --- | --- | --- | --- | --- |\n")
    by_rule = {}
    for failure in failures:
        by_rule.setdefault(failure["rule"], []).append(failure)
    for rule in sorted(by_rule, key=rule_order):
        for f in sorted(by_rule[rule], key=lambda f: (f["config"], f["stack"], f["logical_id"])):
            out.write(f"| {rule} | {f['config']} | {f['stack']} | {f['logical_id']} | "
                      f"{f['cdk_path'] or '-'} | {'yes' if f['excepted'] else 'no'} |\n")
    out.write("\n")
    for rule in sorted(by_rule, key=rule_order):
        first = by_rule[rule][0]
        out.write(f"- {rule}: {first['title']}. Fix: {first['fix']}\n")


def write_exceptions(path, exceptions, failures, configs):
    """Rewrites the file to list exactly today's failing results of the configurations checked,
    keeping the reasons already written; other configurations are left as they are."""
    reasons = {(c, e["rule"], e["resource"]): e["reason"] for c, entries in exceptions.items() for e in entries}
    document = {}
    if os.path.exists(path):
        with open(path) as f:
            document = json.load(f)
    for config in configs:
        entries = {}
        for f in failures:
            if f["config"] == config:
                key = (f["rule"], f["resource"])
                entries[key] = {"rule": f["rule"], "resource": f["resource"],
                                "reason": reasons.get((config, *key), TODO_REASON)}
        document[config] = [entries[k] for k in sorted(entries, key=lambda k: (rule_order(k[0]), k[1]))]
    document = {"//": document.get("//", COMMENT), **{k: v for k, v in document.items() if k != "//"}}
    # One entry a line, so that a review diff shows whole entries.
    lines = []
    for key, value in document.items():
        if isinstance(value, list):
            items = ",\n".join("    " + json.dumps(entry, ensure_ascii=False) for entry in value)
            lines.append(f"  {json.dumps(key)}: [\n{items}\n  ]" if value else f"  {json.dumps(key)}: []")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    with open(path, "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", required=True, help="installed @cdklabs/cdk-validator-cfnguard")
    parser.add_argument("--exceptions", default="docs/control-tower-exceptions.json")
    parser.add_argument("--table", action="store_true", help="also print all failing results as Markdown")
    parser.add_argument("--write-exceptions", action="store_true",
                        help="rewrite the exceptions file to match today's results (new reasons: TODO)")
    parser.add_argument("assemblies", nargs="+", metavar="NAME=DIR")
    args = parser.parse_args(argv)

    configs = {}
    for pair in args.assemblies:
        name, sep, directory = pair.partition("=")
        if not sep or not name or not directory:
            raise UsageError(f"expected NAME=DIR, got {pair!r}")
        if name in configs:
            raise UsageError(f"configuration {name} given twice")
        if not os.path.isdir(directory):
            raise UsageError(f"{name}: no such directory {directory}")
        configs[name] = directory

    started = time.monotonic()
    rules_dir, by_rule_name, controls = load_controls(args.package)
    exceptions = load_exceptions(args.exceptions, controls)
    stacks = [stack for name, directory in configs.items() for stack in load_assembly(name, directory)]
    reports = run_guard(guard_binary(args.package), rules_dir, stacks)
    failures, applied, passed = evaluate(stacks, reports, by_rule_name)

    if args.write_exceptions:
        write_exceptions(args.exceptions, exceptions, failures, configs)
        exceptions = load_exceptions(args.exceptions, controls)
        print(f"wrote {args.exceptions}")

    matched = set()
    for failure in failures:
        key = (failure["config"], failure["rule"], failure["resource"])
        failure["excepted"] = any((c, e["rule"], e["resource"]) == key
                                  for c, entries in exceptions.items() for e in entries)
        if failure["excepted"]:
            matched.add(key)
    not_excepted = [f for f in failures if not f["excepted"]]
    stale = [(c, e) for c, entries in exceptions.items() if c in configs
             for e in entries if (c, e["rule"], e["resource"]) not in matched]
    todo = sum(1 for c, entries in exceptions.items() if c in configs
               for e in entries if e["reason"].startswith("TODO"))

    for f in not_excepted:
        print(f"NOT EXCEPTED [{f['config']}] {f['rule']} stack {f['stack']} resource {f['logical_id']}"
              f" ({f['cdk_path'] or 'no construct path'})\n"
              f"    {f['title']}. Fix: {f['fix']}\n"
              f"    if reviewed and accepted, add to \"{f['config']}\" in {args.exceptions}:\n"
              f"    {entry_text(f, '<why this is acceptable>')}")
    for config, entry in stale:
        print(f"STALE EXCEPTION [{config}] {entry['rule']} {entry['resource']}: no failing result matches it;"
              f" remove it from {args.exceptions}")
    unchecked = sorted(c for c in exceptions if c not in configs)
    if unchecked:
        print(f"note: exceptions of configurations not given here were not checked: {', '.join(unchecked)}")
    if args.table:
        print()
        print_table(failures, sys.stdout)
        print()

    excepted = len(failures) - len(not_excepted)
    print(f"Control Tower proactive controls ({len(controls)}) over {len(stacks)} templates of"
          f" {', '.join(configs)}, in {time.monotonic() - started:.1f} s:")
    print(f"  rules evaluated: {applied} (template, control) pairs that apply; passed: {passed};"
          f" failing results (one control on one resource): {len(failures)}, of which"
          f" excepted: {excepted}, failed: {len(not_excepted)}; stale exceptions: {len(stale)}"
          + (f"; exception reasons still TODO: {todo}" if todo else ""))
    if todo:
        print(f"  an exception without a reviewed reason is no exception: write the {todo} TODO reason(s)")
    return 1 if not_excepted or stale or todo else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UsageError as error:
        print(f"control-tower-check: {error}", file=sys.stderr)
        sys.exit(2)
