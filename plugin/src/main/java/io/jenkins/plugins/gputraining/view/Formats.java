package io.jenkins.plugins.gputraining.view;

import java.util.Locale;

/** How pages write figures; an unknown value (null, NaN) is an em dash, never 0. */
public final class Formats {
    /** What an unknown value reads as. */
    public static final String UNKNOWN = "—";

    private Formats() {
    }

    private static boolean unknown(final Double value) {
        return value == null || !Double.isFinite(value);
    }

    /** Seconds as {@code 45 s}, {@code 12 min 05 s}, {@code 3 h 02 min}, {@code 2 d 04 h}. */
    public static String duration(final Double seconds) {
        if (unknown(seconds) || seconds < 0) {
            return UNKNOWN;
        }
        long total = Math.round(seconds);
        if (total < 60) {
            return total + " s";
        }
        long minutes = total / 60;
        if (minutes < 60) {
            return String.format(Locale.ROOT, "%d min %02d s", minutes, total % 60);
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return String.format(Locale.ROOT, "%d h %02d min", hours, minutes % 60);
        }
        return String.format(Locale.ROOT, "%d d %02d h", hours / 24, hours % 24);
    }

    /** A loss with four significant digits ({@code 0.4120}, {@code 2.310}, {@code 1.235e-05}). */
    public static String loss(final Double loss) {
        if (unknown(loss)) {
            return UNKNOWN;
        }
        double magnitude = Math.abs(loss);
        if (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", loss);
        }
        return String.format(Locale.ROOT, "%.4g", loss);
    }

    /** Throughput, {@code 412.5 samples/s}. */
    public static String throughput(final Double samplesPerSecond) {
        if (unknown(samplesPerSecond)) {
            return UNKNOWN;
        }
        return number(samplesPerSecond) + " samples/s";
    }

    /** A percentage, {@code 98.5 %}. */
    public static String percent(final Double percent) {
        return unknown(percent) ? UNKNOWN : String.format(Locale.ROOT, "%.1f %%", percent);
    }

    /** Energy, {@code 608.9 Wh} or {@code 12.35 kWh}. */
    public static String energy(final Double wattHours) {
        if (unknown(wattHours)) {
            return UNKNOWN;
        }
        if (Math.abs(wattHours) >= 1000) {
            return String.format(Locale.ROOT, "%.2f kWh", wattHours / 1000);
        }
        return String.format(Locale.ROOT, "%.1f Wh", wattHours);
    }

    /** Memory in MiB, {@code 18432 MiB} or {@code 78.0 GiB}. */
    public static String memory(final Double mebibytes) {
        if (unknown(mebibytes)) {
            return UNKNOWN;
        }
        if (mebibytes >= 10240) {
            return String.format(Locale.ROOT, "%.1f GiB", mebibytes / 1024);
        }
        return String.format(Locale.ROOT, "%.0f MiB", mebibytes);
    }

    /** A count of bytes, {@code 1.5 GiB}. */
    public static String bytes(final Long bytes) {
        if (bytes == null || bytes < 0) {
            return UNKNOWN;
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A whole number with thousands separators ({@code 46,150}). */
    public static String integer(final Long value) {
        return value == null ? UNKNOWN : String.format(Locale.ROOT, "%,d", value);
    }

    private static String number(final double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.1f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }
}
