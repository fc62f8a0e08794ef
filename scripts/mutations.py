#!/usr/bin/env python3
"""Breaks the app on purpose, one way at a time, and reports which tests notice.

Each mutation edits a copy of the working tree (never the tree itself), runs `./mvnw test`, and
reads the Surefire reports. A mutation that no test catches makes this script exit 1.

    python3 scripts/mutations.py            # all mutations
    python3 scripts/mutations.py grant      # those whose name contains "grant"
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

JAVA = "src/main/java/io/github/crossaccountdelivery/"

# name: (file, text to replace, replacement)
MUTATIONS = {
    # ---- the cross-account wiring ----
    "grant-condition-dropped": (JAVA + "buildaccount/ArtifactAccess.java",
        '.conditions(ONLY_FOR_AWS_RESOURCES)', ''),
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
    "deploy-role-list-not-from-targets": (JAVA + "buildaccount/DeliveryPipeline.java",
        '.resources(props.config().targets().stream()', '.resources(props.config().targets().stream().limit(1)'),
    "approvals-dropped": (JAVA + "buildaccount/DeliveryPipeline.java", 'if (target.approval()) {', 'if (false) {'),
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
    "deployment-alarms-off": (JAVA + "targetaccount/WebService.java",
        '.behavior(AlarmBehavior.ROLLBACK_ON_ALARM)', '.behavior(AlarmBehavior.FAIL_ON_ALARM)'),
    "verify-stage-dropped": (JAVA + "buildaccount/DeliveryPipeline.java",
        'stages.add(stage(VERIFY_STAGE_PREFIX + to.name(),', 'if (false) stages.add(stage(VERIFY_STAGE_PREFIX + to.name(),'),
    "verify-role-may-update": (JAVA + "targetaccount/Verification.java",
        '.actions(List.of("ecs:DescribeServices"))', '.actions(List.of("ecs:DescribeServices", "ecs:UpdateService"))'),
    "verify-skips-the-image-check": ("src/main/resources/pipeline/verify-commands.sh",
        '[ "$DEPLOYED_IMAGE" = "$EXPECTED_IMAGE" ] || { echo "VERIFY rollout: FAIL', 'true || { echo "VERIFY rollout: FAIL'),
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
        '((CfnBucket) bucket.getNode().getDefaultChild()).overrideLogicalId(BUCKET_LOGICAL_ID);', ''),
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
    # ---- configuration ----
    "port-range-unchecked": (JAVA + "config/DeliveryConfig.java",
        'containerPort >= 1 && containerPort <= 65535', 'true'),
    "accounts-may-be-equal": (JAVA + "config/CrossKeyChecks.java",
        '!target.account().equals(buildAccount)', 'true'),
    "duplicate-target-accounts-allowed": (JAVA + "config/CrossKeyChecks.java",
        '!accounts.add(target.account())', 'false'),
    "spot-on-arm-allowed": (JAVA + "config/CrossKeyChecks.java",
        '!(target.fargateSpot() && cpuArchitecture == CpuArchitecture.ARM64)', 'true'),
    "health-checks-at-aws-default-interval": (JAVA + "config/ServiceSettings.java",
        'new ServiceSettings(1, 256, 512, false, 5, 4,', 'new ServiceSettings(1, 256, 512, false, 30, 4,'),
    "deploy-timeout-left-at-default": (JAVA + "buildaccount/DeliveryPipeline.java",
        '.deploymentTimeout(Duration.minutes(settings.deployTimeoutMinutes()))', ''),
    "unknown-keys-accepted": (JAVA + "config/ContextKeys.java",
        'if (TOP_LEVEL.contains(key) || belongsToCdk(key)) {', 'if (true) {'),
}


def run(name, root, mutation):
    path, old, new = mutation
    work = tempfile.mkdtemp(prefix="mutant-")
    try:
        shutil.copytree(root, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("target", "cdk.out", ".git", ".tool-cache"))
        file = os.path.join(work, path)
        text = open(file).read()
        if old not in text:
            return name, None, "mutation no longer applies: text not found in " + path
        open(file, "w").write(text.replace(old, new, 1))
        result = subprocess.run(["./mvnw", "-q", "-B", "test"], cwd=work, capture_output=True, text=True,
                                env={**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"})
        failed = []
        for report in glob.glob(os.path.join(work, "target/surefire-reports/TEST-*.xml")):
            for case in ET.parse(report).getroot().iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    failed.append(case.get("classname").rsplit(".", 1)[-1] + "." + case.get("name"))
        if result.returncode != 0 and not failed:
            failed.append("(build failed before tests: " + result.stdout.strip().splitlines()[-1][:120] + ")")
        return name, result.returncode != 0, sorted(set(failed))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    wanted = [n for n in MUTATIONS if not sys.argv[1:] or any(a in n for a in sys.argv[1:])]
    survivors = 0
    for name in wanted:
        name, caught, detail = run(name, root, MUTATIONS[name])
        if caught is None:
            print(f"BROKEN   {name}: {detail}")
            survivors += 1
        elif caught:
            print(f"caught   {name}: " + "; ".join(detail))
        else:
            print(f"SURVIVED {name}: no test failed")
            survivors += 1
    sys.exit(1 if survivors else 0)


if __name__ == "__main__":
    main()
