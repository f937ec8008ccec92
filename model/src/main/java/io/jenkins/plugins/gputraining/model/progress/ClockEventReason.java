package io.jenkins.plugins.gputraining.model.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why a GPU's clocks are held down, as NVML's {@code nvmlClocksEventReason*} bits (nvml.h) report it.
 * telemetry.jsonl stores the lower-case names so readers need no NVML knowledge.
 */
public enum ClockEventReason {
    GPU_IDLE(0x1L, Kind.OTHER),
    APPLICATIONS_CLOCKS_SETTING(0x2L, Kind.OTHER),
    SW_POWER_CAP(0x4L, Kind.POWER),
    /** HW slowdown: high temperature or external power brake; counted as thermal, its most common cause. */
    HW_SLOWDOWN(0x8L, Kind.THERMAL),
    SYNC_BOOST(0x10L, Kind.OTHER),
    SW_THERMAL_SLOWDOWN(0x20L, Kind.THERMAL),
    HW_THERMAL_SLOWDOWN(0x40L, Kind.THERMAL),
    HW_POWER_BRAKE_SLOWDOWN(0x80L, Kind.POWER),
    DISPLAY_CLOCK_SETTING(0x100L, Kind.OTHER);

    /** What kind of throttling a reason means. */
    public enum Kind { THERMAL, POWER, OTHER }

    private final long bit;
    private final Kind kind;

    ClockEventReason(final long bit, final Kind kind) {
        this.bit = bit;
        this.kind = kind;
    }

    public long bit() {
        return bit;
    }

    public Kind kind() {
        return kind;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The names of the reasons set in an NVML bit mask, in bit order. */
    public static List<String> namesOf(final long mask) {
        List<String> names = new ArrayList<>();
        for (ClockEventReason reason : values()) {
            if ((mask & reason.bit) != 0) {
                names.add(reason.jsonName());
            }
        }
        return names;
    }

    /** The kind of a reason name; names this version does not know are {@link Kind#OTHER}. */
    public static Kind kindOf(final String name) {
        for (ClockEventReason reason : values()) {
            if (reason.jsonName().equals(name)) {
                return reason.kind;
            }
        }
        return Kind.OTHER;
    }
}
