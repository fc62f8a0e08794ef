package io.github.crossaccountdelivery.targetaccount;

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
        if (cpu < 256 || memoryMiB < 512) {
            throw new IllegalArgumentException("Fargate tasks have at least 256 CPU units and 512 MiB, not "
                    + cpu + " and " + memoryMiB);
        }
    }
}
