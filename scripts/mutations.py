#!/usr/bin/env python3
"""Breaks the app on purpose, one way at a time, and reports which tests notice.

Each mutation edits a copy of the working tree (never the tree itself), runs `./mvnw test`, and
reads the Surefire reports. A mutation that no test catches makes this script exit 1.

    python3 scripts/mutations.py            # all mutations
    python3 scripts/mutations.py grant      # those whose name contains "grant"
    python3 scripts/mutations.py --check    # only whether each text is still in its file, once (seconds)

A mutation must still compile and change behaviour: one whose text is gone or ambiguous, or whose
copy does not build, is reported BROKEN and fails the run like a survivor. The tests run once on an
unmutated copy first: if they fail there, they would "catch" every mutation, and the run stops (exit 2).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA = "src/main/java/io/github/crossaccountdelivery/"
# The CDK CLI version pom.xml pins, and the next patch release: a drift DocsTest must catch. Read,
# not written here, so that this file names no version for DocsTest to hold it to.
CDK_CLI = re.search(r"<cdk.cli.version>([^<]+)</cdk.cli.version>", open(os.path.join(ROOT, "pom.xml")).read()).group(1)
OTHER_CDK_CLI = re.sub(r"\d+$", lambda patch: str(int(patch.group()) + 1), CDK_CLI)

# name: (file, text to replace, replacement)
MUTATIONS = {
    # ---- the cross-account wiring ----
    # The build roles' grants on the artifact key, no longer only for AWS resources.
    "grant-condition-dropped": (JAVA + "buildaccount/ArtifactAccess.java",
        '.conditions(Ordered.map("ArnEquals", onlyTheseRoles, "Bool",\n'
        '                        Ordered.map("kms:GrantIsForAWSResource", "true")))',
        '.conditions(Ordered.map("ArnEquals", onlyTheseRoles))'),
    # Naming aws/s3 is the trap. (Leaving the key out is no mutant: CDK then copies the pipeline
    # bucket's key onto the project, and the template is the same.)
    "codebuild-default-key": (JAVA + "buildaccount/ImageBuild.java",
        '.encryptionKey(props.artifacts().key())',
        '.encryptionKey(software.amazon.awscdk.services.kms.Alias.fromAliasName(this, "S3", "alias/aws/s3"))'),
    "trust-whole-build-account": (JAVA + "targetaccount/DeploymentRole.java",
        'return new AccountPrincipal(names.buildAccount()).withConditions(\n'
        '                Ordered.map("ArnEquals", Ordered.map("aws:PrincipalArn", names.pipelineRoleArn())));',
        'return new AccountPrincipal(names.buildAccount());'),
    "passrole-on-everything": (JAVA + "targetaccount/DeploymentRole.java",
        '.resources(List.of(target.taskRoleArn(), target.executionRoleArn()))', '.resources(List.of("*"))'),
    "target-may-write-artifacts": (JAVA + "buildaccount/ArtifactAccess.java",
        '"s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation"',
        '"s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation", "s3:PutObject"'),
    "unencrypted-uploads-allowed": (JAVA + "buildaccount/ArtifactStore.java",
        '.sid("DenyUploadsNotEncryptedWithKms")\n                .effect(Effect.DENY)',
        '.sid("DenyUploadsNotEncryptedWithKms")\n                .effect(Effect.ALLOW)'),
    "repository-open-to-test-account": (JAVA + "buildaccount/ImageRepository.java",
        '.conditions(Ordered.map("ArnEquals", Ordered.map("aws:PrincipalArn", target.executionRoleArn())))', ''),
    "key-open-to-whole-test-account": (JAVA + "buildaccount/ArtifactAccess.java",
        '.conditions(Ordered.map("ArnEquals", onlyThisRole, "StringEquals", throughS3FromTarget))',
        '.conditions(Ordered.map("ArnEquals", onlyThisRole))'),
    "no-deploy-order": (JAVA + "DeliveryApp.java",
        'targets.forEach(target -> build.addStackDependency(target));', ''),
    # The roles the pipeline may assume, from the first target only.
    "deploy-role-list-not-from-targets": (JAVA + "buildaccount/DeliveryPipeline.java",
        'props.imageBuild().getProjectArn(), props.targets().stream()',
        'props.imageBuild().getProjectArn(), props.targets().stream().limit(1)'),
    "approvals-dropped": (JAVA + "buildaccount/TargetPipelineStages.java", 'if (target.approval()) {', 'if (false) {'),
    # The build roles named as principals in the artifact key policy: KMS refuses a policy naming a
    # role it cannot see yet, and the first deploy fails.
    "key-policy-names-build-roles-as-principals": (JAVA + "buildaccount/ArtifactAccess.java",
        'List<IPrincipal> principals = List.of(new AccountPrincipal(account));',
        'List<IPrincipal> principals = roleArns.stream()'
        '.<IPrincipal>map(software.amazon.awscdk.services.iam.ArnPrincipal::new).toList();'),
    # The same roles handed over by reference (Fn::GetAtt) instead of by the ARN their fixed names give.
    "key-policy-names-build-roles-by-reference": (JAVA + "buildaccount/BuildStack.java",
        'List.of(names.pipelineRoleArn(), names.buildRoleArn())',
        'List.of(pipeline.role().getRoleArn(), imageBuild.role().getRoleArn())'),
    # A key-policy condition block in a HashMap: its order is the hash's, not the one written.
    "key-conditions-in-a-hash-map": (JAVA + "buildaccount/ArtifactAccess.java",
        'Map<String, Object> throughS3FromTarget = Ordered.map(\n'
        '                "kms:ViaService", props.names().regionalService("s3"),\n'
        '                "kms:CallerAccount", account);',
        'Map<String, Object> throughS3FromTarget = new java.util.HashMap<>(Ordered.map(\n'
        '                "kms:ViaService", props.names().regionalService("s3"),\n'
        '                "kms:CallerAccount", account));'),
    # The pipeline's role may write the Commands log group but not its streams, where the events go.
    "pipeline-commands-logs-group-only": (JAVA + "buildaccount/PipelinePolicy.java",
        'AppNames.logGroupAndStreams(props.names().commandsLogGroupArn())',
        'List.of(props.names().commandsLogGroupArn())'),
    # CodePipeline checks on creation that its role may assume each action's role.
    "pipeline-created-before-its-policy": (JAVA + "buildaccount/DeliveryPipeline.java",
        'pipeline.getNode().addDependency(new PipelinePolicy(', 'Objects.requireNonNull(new PipelinePolicy('),
    # ---- the build ----
    "buildspec-wrong-container-name": ("buildspec.yml",
        '"$CONTAINER_NAME" "$IMAGE_URI"', '"web" "$IMAGE_URI"'),
    "buildspec-latest-tag": ("buildspec.yml",
        'IMAGE_URI="$REPOSITORY_URI:$IMAGE_TAG"', 'IMAGE_URI="$REPOSITORY_URI:latest"'),
    "tag-without-platform": ("buildspec.yml",
        '-${IMAGE_PLATFORM#linux/}"\n', '"\n'),
    "scan-gate-skipped": ("buildspec.yml",
        'if [ "$SCAN_FAIL_ON" = NONE ]; then', 'if true; then'),
    "scan-gate-blind-to-enhanced-findings": ("buildspec.yml",
        '--query "imageScanFindings.[$basic, $enhanced][]"', '--query "imageScanFindings.[$basic][]"'),
    "scan-gate-passes-unknown-statuses": ("buildspec.yml",
        'or a status this gate does not know.\n              advice=', 'or a status this gate does not know.\n              true || advice='),
    "scan-threshold-ignored": (JAVA + "buildaccount/ImageBuild.java",
        '"SCAN_FAIL_ON", plain(recipe.scanFailOn().name())', '"SCAN_FAIL_ON", plain("CRITICAL")'),
    "amazon-linux-2-again": (JAVA + "buildaccount/ImageBuild.java",
        'LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0', 'LinuxArmBuildImage.AMAZON_LINUX_2_STANDARD_3_0'),
    "mutable-release-tags": (JAVA + "buildaccount/ImageRepository.java",
        '.imageTagMutability(TagMutability.IMMUTABLE)\n                .removalPolicy(RemovalPolicy.RETAIN)',
        '.imageTagMutability(TagMutability.MUTABLE)\n                .removalPolicy(RemovalPolicy.RETAIN)'),
    # ---- the target account ----
    "service-follows-the-family": (JAVA + "targetaccount/WebService.java",
        '.taskDefinition(task.taskDefinition())',
        '.taskDefinition(task.taskDefinition())\n                .taskDefinitionRevision(software.amazon.awscdk.services.ecs.TaskDefinitionRevision.LATEST)'),
    "placeholder-always": (JAVA + "targetaccount/WebService.java",
        'ContainerImage.fromRegistry(image.image())', 'ContainerImage.fromRegistry(CurrentImage.PLACEHOLDER_IMAGE)'),
    "fingerprint-ignores-the-service": (JAVA + "targetaccount/WebService.java",
        'return List.of(task.taskDefinition(), service);', 'return List.of(task.taskDefinition());'),
    "handler-answers-placeholder-on-error": ("src/main/resources/handlers/current-image.js",
        "ClusterNotFoundException", "AccessDeniedException"),
    # The release check lets traffic move on any answer, a 500 or the default route's 404 included.
    "release-check-passes-any-answer": ("src/main/resources/handlers/release-check.js",
        "if (last === 'HTTP 200') {", "if (last.startsWith('HTTP ')) {"),
    "deployment-alarms-off": (JAVA + "targetaccount/WebService.java",
        '.behavior(AlarmBehavior.ROLLBACK_ON_ALARM)', '.behavior(AlarmBehavior.FAIL_ON_ALARM)'),
    "verify-stage-dropped": (JAVA + "buildaccount/TargetPipelineStages.java",
        'stages.add(DeliveryPipeline.stage(DeliveryPipeline.VERIFY_STAGE_PREFIX + to.name(),',
        'if (false) stages.add(DeliveryPipeline.stage(DeliveryPipeline.VERIFY_STAGE_PREFIX + to.name(),'),
    # The verification role may write log streams but not create the group (the other ARN form).
    "verification-logs-streams-only": (JAVA + "targetaccount/Verification.java",
        '.resources(AppNames.logGroupAndStreams(target.commandsLogGroupArn()))',
        '.resources(List.of(target.commandsLogGroupArn() + ":*"))'),
    # A reader that never answers would hold the stack for CloudFormation's default hour.
    "current-image-waits-an-hour": (JAVA + "targetaccount/CurrentImage.java",
        '.serviceTimeout(Duration.minutes(5))', ''),
    # A named role's logical ID left to the construct path: CloudFormation would create a second
    # role of the same name, and fail.
    "execution-role-id-not-pinned": (JAVA + "targetaccount/TargetStack.java",
        'Stateful.keep(web.task().executionRole(), "WebExecutionRole4D80947A");', ''),
    # Map.of in a construct: the trust conditions' order changes from one JVM to the next.
    "task-role-trust-conditions-unordered": (JAVA + "targetaccount/ServiceTask.java",
        '.withConditions(Ordered.map(\n                        "ArnLike"',
        '.withConditions(java.util.Map.of(\n                        "ArnLike"'),
    "verify-role-may-update": (JAVA + "targetaccount/Verification.java",
        '.actions(List.of("ecs:DescribeServices"))', '.actions(List.of("ecs:DescribeServices", "ecs:UpdateService"))'),
    "verify-skips-the-image-check": ("src/main/resources/pipeline/verify-commands.sh",
        '[ "$DEPLOYED_IMAGE" = "$EXPECTED_IMAGE" ] || { echo "VERIFY rollout: FAIL', 'true || { echo "VERIFY rollout: FAIL'),
    "jsii-node-keeps-refused-flags": ("scripts/jsii-node.sh",
        "if node $flags -e '' > /dev/null 2>&1; then", "if true; then"),
    "jsii-node-without-flags": ("scripts/jsii-node.sh", 'flags="--single-threaded-gc --liftoff-only"', 'flags=""'),
    "verify-skips-certificate-verification": ("src/main/resources/pipeline/verify-commands.sh",
        '${VERIFY_CONNECT_TO:+--connect-to "$VERIFY_CONNECT_TO"}', '${VERIFY_CONNECT_TO:+--insecure}'),
    "tasks-always-x86": (JAVA + "targetaccount/ServiceTask.java",
        'props.origin().architecture() == CpuArchitecture.ARM64\n                                ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64',
        'false\n                                ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64'),
    "root-file-system-writable": (JAVA + "targetaccount/ServiceTask.java",
        '.readonlyRootFilesystem(container.readonlyRootFilesystem())', '.readonlyRootFilesystem(false)'),
    "log-group-unencrypted": (JAVA + "common/LogGroups.java", '.encryptionKey(key)\n', '\n'),
    "key-lets-anyone-grant": (JAVA + "buildaccount/ArtifactStore.java",
        'KeyPolicies.administration(), KeyPolicies.grantsOnlyForAwsResources()', 'KeyPolicies.administration()'),
    "nat-gateway-added": (JAVA + "targetaccount/ServiceNetwork.java", '.natGateways(0)', '.natGateways(1)'),
    "container-insights-off": (JAVA + "targetaccount/WebService.java",
        '.containerInsightsV2(ContainerInsights.ENABLED)', ''),
    "execution-role-grants-go-inline": (JAVA + "targetaccount/ServiceTask.java",
        '.executionRole(executionRole.withoutPolicyUpdates())', '.executionRole(executionRole)'),
    "execution-role-may-push": (JAVA + "targetaccount/ServiceTask.java",
        '.grantPull(executionPolicy)', '.grantPullPush(executionPolicy)'),
    "bucket-logical-id-not-pinned": (JAVA + "buildaccount/ArtifactStore.java",
        'Stateful.keep(bucket, BUCKET_LOGICAL_ID);', ''),
    "wildcard-statement-added": (JAVA + "targetaccount/DeploymentRole.java",
        '        policy = ManagedPolicy.Builder.create(this, "Policy")',
        '        role.addToPrincipalPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()'
        '.actions(List.of("ecs:*")).resources(List.of("*")).build());\n'
        '        policy = ManagedPolicy.Builder.create(this, "Policy")'),
    "acknowledgment-dropped": (JAVA + "targetaccount/ServiceTask.java",
        '"AwsSolutions-ECS2",', '"AwsSolutions-ECS2-no-longer",'),
    "maps-unordered-again": (JAVA + "buildaccount/ImageBuild.java",
        '.environmentVariables(Ordered.map(', '.environmentVariables(java.util.Map.of('),
    # ---- the delivery metrics ----
    "metrics-rule-for-every-pipeline": (JAVA + "buildaccount/DeliveryMetrics.java",
        '"pipeline", List.of(names.pipeline()),\n', ''),
    "metrics-role-reads-every-pipeline": (JAVA + "buildaccount/DeliveryMetrics.java",
        '.resources(List.of(names.pipelineArn()))', '.resources(List.of("*"))'),
    "metrics-count-a-deploy-as-a-deployment": ("src/main/resources/handlers/delivery-metrics.js",
        "if (kind === 'Deploy') return", "if (!kind) return"),
    "metrics-restore-from-the-last-failure": ("src/main/resources/handlers/delivery-metrics.js",
        "Math.min(...fails)", "Math.max(...fails)"),
    # ---- how long the pipeline waits ----
    # The deploy action waits only as configured, even when the rollout takes longer.
    "deploy-waits-only-the-configured-time": (JAVA + "buildaccount/BuildStack.java",
        'Math.max(target.get(DEPLOY_TIMEOUT_MINUTES), rollout.deployMinutes())', 'target.get(DEPLOY_TIMEOUT_MINUTES)'),
    "verify-waits-only-the-configured-time": (JAVA + "buildaccount/BuildStack.java",
        'Math.max(target.get(VERIFY_TIMEOUT_SECONDS), rollout.verifySeconds())', 'target.get(VERIFY_TIMEOUT_SECONDS)'),
    # The rollout is COMPLETED only after the alarms' bake time.
    "rollout-ignores-bake-time": (JAVA + "common/RolloutTime.java",
        '+ stopTimeoutSeconds + bakeSeconds();', '+ stopTimeoutSeconds;'),
    # ---- configuration ----
    # The form still says 1 to 65535; the rule behind it accepts any whole number.
    "port-range-unchecked": (JAVA + "config/Settings.java",
        'Setting.range("containerPort", 1, 65535)',
        'Setting.whole("containerPort", "a whole number from 1 to 65535", port -> true)'),
    "accounts-may-be-equal": (JAVA + "config/CrossKeyChecks.java",
        'problems.require(!account.equals(buildAccount), key, account', 'problems.require(true, key, account'),
    "duplicate-target-accounts-allowed": (JAVA + "config/CrossKeyChecks.java",
        'if (first != null) {', 'if (false) {'),
    "spot-on-arm-allowed": (JAVA + "config/CrossKeyChecks.java",
        '!(spot && app.get(Settings.CPU_ARCHITECTURE) == CpuArchitecture.ARM64)', 'true'),
    # The default interval becomes AWS's own, 30 s: rollouts six times slower.
    "health-checks-at-aws-default-interval": (JAVA + "config/TargetSettings.java",
        'Setting.range("healthCheckIntervalSeconds", 5, 300), 5,', 'Setting.range("healthCheckIntervalSeconds", 5, 300), 30,'),
    "deploy-timeout-left-at-default": (JAVA + "buildaccount/TargetPipelineStages.java",
        '.deploymentTimeout(Duration.minutes(stages.deployTimeoutMinutes()))', ''),
    # Zones the region's table does not list pass, and fail only at deploy.
    "zones-existence-unchecked": (JAVA + "config/CrossKeyChecks.java",
        'checkZonesExist(region, zones, Boolean.TRUE.equals(target.get(ALLOW_UNLISTED_ZONES)), zoneKey,\n'
        '                            problems);', ''),
    # Port 80 for the default non-root user passes; the container cannot listen there.
    "privileged-port-allowed": (JAVA + "config/CrossKeyChecks.java",
        'port != null && user != null && port < 1024 && !user.equals("image")', 'false'),
    # A domain without a certificate, or a certificate without its domain, passes.
    "domain-and-certificate-unpaired": (JAVA + "config/CrossKeyChecks.java",
        'hasCertificate != hasDomain && (hasCertificate ? certificate : target.get(DOMAIN_NAME)) != null', 'false'),
    # A connection or certificate of another account passes.
    "arns-of-another-account-accepted": (JAVA + "config/CrossKeyChecks.java",
        'if (account != null && !arn.account().equals(account)) {', 'if (false) {'),
    # Timings whose rollout outlasts the deploy action's hour pass.
    "rollout-longer-than-deploy-action-accepted": (JAVA + "config/ServiceChecks.java",
        'if (rollout.deployMinutes() <= RolloutTime.DEPLOY_ACTION_LIMIT_MINUTES) {', 'if (true) {'),
    "unknown-keys-accepted": (JAVA + "config/ContextKeys.java",
        'if (TOP_LEVEL.contains(key) || belongsToCdk(key)) {', 'if (true) {'),
    # ---- documentation ----
    # One command in the README runs another CDK CLI than the one pom.xml pins.
    "cdk-cli-version-drifts": ("README.md",
        f"npx --yes aws-cdk@{CDK_CLI} deploy --all --profile build",
        f"npx --yes aws-cdk@{OTHER_CDK_CLI} deploy --all --profile build"),
}


def applies(root, mutation):
    """None when the mutation's text is in its file exactly once, else why it no longer applies."""
    path, old, _ = mutation
    file = os.path.join(root, path)
    if not os.path.isfile(file):
        return "no file " + path
    count = open(file).read().count(old)
    if count == 0:
        return "text not found in " + path
    if count > 1:
        return f"text found {count} times in {path}; make it unique"
    return None


def run(name, root, mutation):
    """Whether the tests catch the mutation (None: it cannot be tried), and the tests that failed or why.
    Without a mutation, the unmutated tree's tests."""
    if mutation:
        problem = applies(root, mutation)
        if problem:
            return None, "mutation no longer applies: " + problem
    work = tempfile.mkdtemp(prefix="mutant-")
    try:
        shutil.copytree(root, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("target", "cdk.out", ".git", ".tool-cache"))
        if mutation:
            path, old, new = mutation
            file = os.path.join(work, path)
            text = open(file).read()
            open(file, "w").write(text.replace(old, new, 1))
        result = subprocess.run(["./mvnw", "-q", "-B", "test"], cwd=work, capture_output=True, text=True,
                                env={**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"})
        reports = glob.glob(os.path.join(work, "target/surefire-reports/TEST-*.xml"))
        if result.returncode != 0 and not reports:
            # No test ran: the mutant does not compile, which says nothing about the tests.
            lines = [l for l in result.stdout.splitlines() if "ERROR" in l] or result.stdout.splitlines() or [""]
            return None, "the mutant does not build: " + lines[0].strip()[:160]
        failed = []
        for report in reports:
            for case in ET.parse(report).getroot().iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    failed.append(case.get("classname").rsplit(".", 1)[-1] + "." + case.get("name"))
        if result.returncode != 0 and not failed:
            failed.append("(tests did not finish: " + (result.stdout.strip().splitlines() or [""])[-1][:120] + ")")
        return result.returncode != 0, sorted(set(failed))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    root = ROOT
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    check_only = "--check" in sys.argv[1:]
    # Anything else that looks like an option (--help, a typo) prints the usage: taken as no
    # option, it would start the whole hour-long run.
    unknown = [a for a in sys.argv[1:] if a.startswith("-") and a != "--check"]
    if unknown:
        print(__doc__.strip())
        sys.exit(0 if unknown in (["--help"], ["-h"]) else 2)
    unmatched = [a for a in args if not any(a in n for n in MUTATIONS)]
    if unmatched:
        print("no mutation's name contains " + ", ".join(unmatched) + "; names: " + ", ".join(MUTATIONS))
        sys.exit(2)
    wanted = [n for n in MUTATIONS if not args or any(a in n for a in args)]
    if check_only:
        broken = [(n, applies(root, MUTATIONS[n])) for n in wanted]
        broken = [(n, why) for n, why in broken if why]
        for name, why in broken:
            print(f"BROKEN   {name}: {why}")
        print(f"{len(wanted) - len(broken)} of {len(wanted)} mutations apply")
        sys.exit(1 if broken else 0)
    began = time.monotonic()
    # A test that fails without any mutation would "catch" every one.
    failing, detail = run("unmutated", root, None)
    if failing is not False:
        print("the unmutated tree's tests do not pass, so no mutation can be judged: "
              + (detail if isinstance(detail, str) else "; ".join(detail)))
        sys.exit(2)
    print(f"unmutated tree: tests pass [{time.monotonic() - began:.0f} s]", flush=True)
    failures = 0
    for name in wanted:
        started = time.monotonic()
        caught, detail = run(name, root, MUTATIONS[name])
        took = f"[{time.monotonic() - started:.0f} s]"
        if caught is None:
            print(f"BROKEN   {name}: {detail} {took}", flush=True)
            failures += 1
        elif caught:
            print(f"caught   {name}: " + "; ".join(detail) + f" {took}", flush=True)
        else:
            print(f"SURVIVED {name}: no test failed {took}", flush=True)
            failures += 1
    print(f"{len(wanted) - failures} of {len(wanted)} mutations caught in {time.monotonic() - began:.0f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
