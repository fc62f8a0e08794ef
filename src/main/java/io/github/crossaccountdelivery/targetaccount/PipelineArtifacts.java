package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.common.Ordered;
import io.github.crossaccountdelivery.naming.AppNames;
import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.IConstruct;

/**
 * What a target-account role needs to read the pipeline's artifacts in the build account: get
 * objects of the artifact bucket, and decrypt them with the artifact key through S3 only. The
 * build account's bucket and key policies admit the same roles by name ({@code ArtifactAccess}).
 */
final class PipelineArtifacts {

    private PipelineArtifacts() {
    }

    static List<PolicyStatement> readStatements(AppNames names) {
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("ReadPipelineArtifacts")
                        .actions(List.of("s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketLocation"))
                        .resources(List.of(names.artifactBucketArn(), names.artifactObjectsArn()))
                        .build(),
                // The key's ID is random and lives in the other account, so it cannot be named
                // here. The encryption context pins decryption to objects of the artifact bucket;
                // the key policy in the build account does the rest.
                PolicyStatement.Builder.create()
                        .sid("DecryptPipelineArtifacts")
                        .actions(List.of("kms:Decrypt"))
                        .resources(List.of(names.buildAccountKeysArn()))
                        .conditions(Ordered.map(
                                "StringEquals", Ordered.map("kms:ViaService", names.regionalService("s3")),
                                "StringLike", Ordered.map("kms:EncryptionContext:aws:s3:arn",
                                        List.of(names.artifactBucketArn(), names.artifactObjectsArn()))))
                        .build());
    }

    /** Acknowledges, on a policy holding {@link #readStatements}, the two wildcards they need. */
    static void acknowledgeWildcards(IConstruct policy, AppNames names) {
        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::" + names.artifactObjectsArn() + "]",
                "Pipeline artifacts have generated object keys; read-only, in the one artifact bucket.");
        Compliance.acknowledge(policy, "AwsSolutions-IAM5[Resource::" + names.buildAccountKeysArn() + "]",
                "The artifact key's ID is random and lives in the build account; decryption is held to"
                        + " S3 and to objects of the artifact bucket by kms:ViaService and encryption-context"
                        + " conditions, and the key policy admits only this role.");
    }
}
