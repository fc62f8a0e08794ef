package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.Compliance;
import io.github.crossaccountdelivery.naming.TargetNames;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The value a request must carry in the {@link #HEADER} header to reach the test route of a
 * traffic-shifting target: the route on which the new, not yet released revision answers.
 *
 * <p>Creates a Secrets Manager secret whose value Secrets Manager generates when the stack is first
 * deployed: 48 letters and digits, so it fits an ALB header condition (at most 128 characters)
 * and holds none of its wildcards {@code *} and {@code ?}
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html).
 * Synthesis never generates it, so templates stay the same from run to run and hold only a
 * reference to the secret: the listener rule takes the value through a CloudFormation dynamic
 * reference, which "can be used in all resource properties"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html),
 * and the release check reads it at run time.
 *
 * <p>It is encrypted with Secrets Manager's AWS-managed key of the account: it never leaves the
 * account, and a customer-managed key would cost a dollar a month for nothing another principal
 * could be kept from. It is not rotated: CloudFormation resolves the dynamic reference only when
 * it updates the rule, so a rotated value would lock the release check out until the next deploy.
 *
 * <p>Exposes {@link #secret()} and {@link #headerValue()}.
 */
public final class TestRouteSecret extends Construct {

    /** The header that carries the value. */
    public static final String HEADER = "X-Release-Check";
    /** Long enough that guessing is hopeless, short enough for a header condition. */
    static final int LENGTH = 48;

    /** @param target this target's names, for the secret's description */
    public record Props(TargetNames target) {
        public Props {
            Objects.requireNonNull(target, "target");
        }
    }

    private final Secret secret;

    public TestRouteSecret(Construct scope, String id, Props props) {
        super(scope, id);
        secret = Secret.Builder.create(this, "Secret")
                .description("Admits the release check of " + props.target().service() + " to its test route")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(LENGTH)
                        .excludePunctuation(true)
                        .includeSpace(false)
                        .build())
                // A new one is generated on the next deploy, and the rule and the check follow it.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        String unrotated = "CloudFormation resolves the dynamic reference only when it updates the listener rule, so a"
                + " rotated value would lock the release check out of the test route until the next deploy.";
        Compliance.acknowledge(secret, "AwsSolutions-SMG4", unrotated);
        Compliance.acknowledge(secret, "NIST.800.53.R5-SecretsManagerRotationEnabled", unrotated);
        Compliance.acknowledge(secret, "NIST.800.53.R5-SecretsManagerUsingKMSKey",
                "The value never leaves this account and admits requests to a test route only; the AWS-managed key"
                        + " protects it as well here as a customer-managed one would, for a dollar a month less.");
    }

    public Secret secret() {
        return secret;
    }

    /**
     * The value for a resource property: a dynamic reference that CloudFormation resolves when it
     * creates or updates the resource, never the value itself.
     */
    public String headerValue() {
        return secret.getSecretValue().unsafeUnwrap();
    }
}
