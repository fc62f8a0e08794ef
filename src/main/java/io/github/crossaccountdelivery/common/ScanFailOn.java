package io.github.crossaccountdelivery.common;

import java.util.List;

/**
 * The lowest severity of an image-scan finding that stops the pipeline before any deploy
 * (context key {@code scanFailOn}). Severities are those of Amazon ECR scan findings
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_ImageScanFinding.html).
 */
public enum ScanFailOn {
    /** Only critical findings stop the pipeline: the default. */
    CRITICAL(List.of("CRITICAL")),
    HIGH(List.of("CRITICAL", "HIGH")),
    MEDIUM(List.of("CRITICAL", "HIGH", "MEDIUM")),
    /** No finding stops the pipeline: the image-scan gate is off. */
    NONE(List.of());

    private final List<String> failingSeverities;

    ScanFailOn(List<String> failingSeverities) {
        this.failingSeverities = failingSeverities;
    }

    /** The ECR finding severities that stop the pipeline; empty for {@link #NONE}. */
    public List<String> failingSeverities() {
        return failingSeverities;
    }

    /** Whether the image-scan gate runs at all. */
    public boolean gates() {
        return this != NONE;
    }
}
