package io.github.crossaccountdelivery.acceptance.run;

/** The CDK CLI version the app pins (pom.xml, cdk.cli.version; CdkVersionTest keeps them equal); the run deploys and destroys with exactly this one. */
public final class CdkVersion {

    public static final String PINNED = "2.1148.1";

    private CdkVersion() {
    }
}
