package io.jenkins.plugins.gputraining.model.analytics;

import java.util.List;

/**
 * What the analytics were computed from, and what had to be skipped (docs/analytics.md, "Data quality").
 *
 * @param metricRecords metric records read
 * @param telemetrySamples GPU samples read
 * @param malformedRecords lines that were not valid records (skipped), and malformed values in progress.json (read
 *         as unknown)
 * @param truncatedFiles files whose last line was cut off (skipped)
 * @param problems the first problems, as {@code file:line: message}
 * @param skippedValues values of kept records left out: outside their documented range (a utilisation of 250 %),
 *         an energy counter jump no GPU can make, samples of GPUs beyond the tracked number
 * @param counterResets how often a cumulative counter (samples, a GPU's energy) went backwards and started over
 * @param droppedEvents lifecycle events beyond the number kept (events.jsonl is damaged)
 */
public record DataQuality(long metricRecords, long telemetrySamples, long malformedRecords, List<String> truncatedFiles,
                          List<String> problems, long skippedValues, long counterResets, long droppedEvents) {
    public DataQuality {
        truncatedFiles = List.copyOf(truncatedFiles);
        problems = List.copyOf(problems);
    }

    /** Data quality without skipped values, resets or dropped events. */
    public DataQuality(final long metricRecords, final long telemetrySamples, final long malformedRecords,
                       final List<String> truncatedFiles, final List<String> problems) {
        this(metricRecords, telemetrySamples, malformedRecords, truncatedFiles, problems, 0, 0, 0);
    }
}
