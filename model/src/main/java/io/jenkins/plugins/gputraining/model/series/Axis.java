package io.jenkins.plugins.gputraining.model.series;

import java.util.Locale;

/** What the x of an overlay's series measures, so that runs line up. */
public enum Axis {
    /** The optimizer step: runs line up by how far training got, whatever their speed. */
    STEP,
    /** Seconds since the run started, paused time left out: runs line up by how long they trained. */
    ELAPSED_SECONDS;

    /** The lower-case name used in JSON ({@code step}, {@code elapsed_seconds}). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
