package io.jenkins.plugins.gputraining.runner.nvml;

import java.util.Optional;

/**
 * Finds the GPU a MIG device belongs to. The agent samples whole GPUs, so a MIG id in the selection stands for its
 * parent GPU. {@link NvmlSession#parentUuidOfMig} asks the driver; {@link #NONE} knows nothing.
 */
@FunctionalInterface
public interface MigResolver {
    MigResolver NONE = migUuid -> Optional.empty();

    /** The {@code GPU-…} UUID of the GPU the {@code MIG-…} device is part of. */
    Optional<String> parentUuid(String migUuid);
}
