#!/usr/bin/env python3
"""Breaks the app on purpose, one way at a time, and reports which tests notice.

Each mutation edits a copy of the working tree (never the tree itself), runs `mvn test`, and
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
    "grant-condition-dropped": (JAVA + "buildaccount/ArtifactStore.java",
        '.conditions(ONLY_FOR_AWS_RESOURCES)', ''),
    # Naming aws/s3 is the trap. (Leaving the key out is no mutant: CDK then copies the pipeline
    # bucket's key onto the project, and the template is the same.)
    "codebuild-default-key": (JAVA + "buildaccount/ImageBuild.java",
        '.encryptionKey(props.artifacts().key())',
        '.encryptionKey(software.amazon.awscdk.services.kms.Alias.fromAliasName(this, "S3", "alias/aws/s3"))'),
    "trust-whole-build-account": (JAVA + "targetaccount/DeploymentRole.java",
        '.assumedBy(new AccountPrincipal(names.buildAccount()).withConditions(\n'
        '                        Map.of("ArnEquals", Map.of("aws:PrincipalArn", names.pipelineRoleArn()))))',
        '.assumedBy(new AccountPrincipal(names.buildAccount()))'),
    "passrole-on-everything": (JAVA + "targetaccount/DeploymentRole.java",
        '.resources(List.of(target.taskRoleArn(), target.executionRoleArn()))', '.resources(List.of("*"))'),
    "target-may-write-artifacts": (JAVA + "buildaccount/ArtifactStore.java",
        '"s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation"',
        '"s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation", "s3:PutObject"'),
    "unencrypted-uploads-allowed": (JAVA + "buildaccount/ArtifactStore.java",
        '.sid("DenyUploadsNotEncryptedWithKms")\n                .effect(Effect.DENY)',
        '.sid("DenyUploadsNotEncryptedWithKms")\n                .effect(Effect.ALLOW)'),
    "repository-open-to-test-account": (JAVA + "buildaccount/ImageRepository.java",
        '.conditions(Map.of("ArnEquals", Map.of("aws:PrincipalArn", target.executionRoleArn())))', ''),
    "buildspec-wrong-container-name": ("buildspec.yml",
        '"$CONTAINER_NAME" "$IMAGE_URI"', '"web" "$IMAGE_URI"'),
    "buildspec-latest-tag": ("buildspec.yml",
        'IMAGE_URI="$REPOSITORY_URI:$IMAGE_TAG"', 'IMAGE_URI="$REPOSITORY_URI:latest"'),
    "service-pinned-to-stack-revision": (JAVA + "targetaccount/WebService.java",
        '.taskDefinitionRevision(TaskDefinitionRevision.LATEST)', ''),
    "no-deploy-order": (JAVA + "DeliveryApp.java",
        'targets.forEach(target -> build.addStackDependency(target));', ''),
    "bucket-logical-id-not-pinned": (JAVA + "buildaccount/ArtifactStore.java",
        '((CfnBucket) bucket.getNode().getDefaultChild()).overrideLogicalId(BUCKET_LOGICAL_ID);', ''),
    "port-range-unchecked": (JAVA + "config/DeliveryConfig.java",
        'containerPort >= 1 && containerPort <= 65535', 'true'),
    "accounts-may-be-equal": (JAVA + "config/DeliveryConfig.java",
        '!target.account().equals(buildAccount)', 'true'),
    "duplicate-target-accounts-allowed": (JAVA + "config/DeliveryConfig.java",
        'accounts.add(target.account())', 'true'),
    "spot-on-arm-allowed": (JAVA + "config/DeliveryConfig.java",
        '!(target.fargateSpot() && cpuArchitecture == CpuArchitecture.ARM64)', 'true'),
    "health-checks-at-aws-default-interval": (JAVA + "config/ServiceSettings.java",
        'new ServiceSettings(1, 256, 512, false, 5, 4,', 'new ServiceSettings(1, 256, 512, false, 30, 4,'),
    "nat-gateway-added": (JAVA + "targetaccount/ServiceNetwork.java", '.natGateways(0)', '.natGateways(1)'),
    "deploy-timeout-left-at-default": (JAVA + "buildaccount/DeliveryPipeline.java",
        '.deploymentTimeout(Duration.minutes(settings.deployTimeoutMinutes()))', ''),
    "tasks-always-x86": (JAVA + "targetaccount/WebService.java",
        'props.architecture() == CpuArchitecture.ARM64\n                                ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64',
        'false\n                                ? software.amazon.awscdk.services.ecs.CpuArchitecture.ARM64'),
    "approvals-dropped": (JAVA + "buildaccount/DeliveryPipeline.java", 'if (target.approval()) {', 'if (false) {'),
    "deploy-role-list-not-from-targets": (JAVA + "buildaccount/DeliveryPipeline.java",
        '.resources(props.config().targets().stream()', '.resources(props.config().targets().stream().limit(1)'),
    "wildcard-statement-added": (JAVA + "targetaccount/DeploymentRole.java",
        '        policy = ManagedPolicy.Builder.create(this, "Policy")',
        '        role.addToPrincipalPolicy(software.amazon.awscdk.services.iam.PolicyStatement.Builder.create()'
        '.actions(List.of("ecs:*")).resources(List.of("*")).build());\n'
        '        policy = ManagedPolicy.Builder.create(this, "Policy")'),
    "acknowledgment-dropped": (JAVA + "targetaccount/WebService.java",
        '"AwsSolutions-ECS2",', '"AwsSolutions-ECS2-no-longer",'),
    "key-open-to-whole-test-account": (JAVA + "buildaccount/ArtifactStore.java",
        '"kms:ViaService", "s3.%s.amazonaws.com".formatted(names.region()),\n                        "kms:CallerAccount", target.account()));',
        '"kms:CallerAccount", target.account()));'),
    "container-insights-off": (JAVA + "targetaccount/WebService.java",
        '.containerInsightsV2(ContainerInsights.ENABLED)', ''),
}


def run(name, root, mutation):
    path, old, new = mutation
    work = tempfile.mkdtemp(prefix="mutant-")
    try:
        shutil.copytree(root, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("target", "cdk.out", ".git"))
        file = os.path.join(work, path)
        text = open(file).read()
        if old not in text:
            return name, None, "mutation no longer applies: text not found in " + path
        open(file, "w").write(text.replace(old, new, 1))
        result = subprocess.run(["mvn", "-q", "-B", "test"], cwd=work, capture_output=True, text=True)
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
