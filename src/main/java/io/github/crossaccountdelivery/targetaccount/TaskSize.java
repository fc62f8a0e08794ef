package io.github.crossaccountdelivery.targetaccount;

import io.github.crossaccountdelivery.common.FargateSizes;

/**
 * What one task gets on Fargate.
 *
 * <p>Both fields are required: a construct has no sensible default for them. The app sets them from
 * {@code taskCpu} and {@code taskMemoryMiB}.
 *
 * @param cpu       CPU units (256 = 0.25 vCPU)
 * @param memoryMiB memory, a size Fargate allows for the CPU units
 */
public record TaskSize(int cpu, int memoryMiB) {

    public TaskSize {
        if (!FargateSizes.fits(cpu, memoryMiB)) {
            throw new IllegalArgumentException("Fargate runs no task of " + cpu + " CPU units and " + memoryMiB
                    + " MiB; with " + cpu + " units: " + FargateSizes.memorySizes(cpu));
        }
    }
}
