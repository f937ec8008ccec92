package io.jenkins.plugins.gputraining.runner.nvml;

/** NVML's units to the progress format's: bytes to MiB, milliwatts to watts; unsigned C values widened. */
final class NvmlUnits {
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private NvmlUnits() {
    }

    static double mebibytes(final long bytes) {
        return bytes / BYTES_PER_MIB;
    }

    static double watts(final long milliwatts) {
        return milliwatts / 1000.0;
    }

    /** An {@code unsigned int} that JNA handed over as a Java {@code int}. */
    static long unsigned(final int value) {
        return Integer.toUnsignedLong(value);
    }
}
