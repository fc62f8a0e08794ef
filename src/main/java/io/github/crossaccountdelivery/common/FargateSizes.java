package io.github.crossaccountdelivery.common;

import java.util.List;
import java.util.Map;

/**
 * The task sizes Fargate runs: for each CPU size, the memory sizes it allows.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
public final class FargateSizes {

    /** The CPU sizes, in CPU units (1024 = 1 vCPU). */
    public static final List<Integer> CPU = List.of(256, 512, 1024, 2048, 4096, 8192, 16384);

    /** Memory from, to, in steps of (MiB), for each CPU size above 256. */
    private static final Map<Integer, List<Integer>> MEMORY = Map.of(512, List.of(1024, 4096, 1024),
            1024, List.of(2048, 8192, 1024), 2048, List.of(4096, 16384, 1024), 4096, List.of(8192, 30720, 1024),
            8192, List.of(16384, 61440, 4096), 16384, List.of(32768, 122880, 8192));

    private FargateSizes() {
    }

    /** Whether Fargate runs a task of this CPU and memory. */
    public static boolean fits(int cpu, int memoryMiB) {
        if (cpu == 256) {
            return memoryMiB == 512 || memoryMiB == 1024 || memoryMiB == 2048;
        }
        List<Integer> sizes = MEMORY.get(cpu);
        return sizes != null && memoryMiB >= sizes.get(0) && memoryMiB <= sizes.get(1) && memoryMiB % sizes.get(2) == 0;
    }

    /** The memory sizes a CPU size allows, in words. */
    public static String memorySizes(int cpu) {
        List<Integer> sizes = MEMORY.get(cpu);
        return cpu == 256 ? "512, 1024 or 2048" : sizes == null ? "none, the CPU size is invalid"
                : sizes.get(0) + " to " + sizes.get(1) + " in steps of " + sizes.get(2);
    }
}
