package io.jenkins.plugins.gputraining.model.analytics;

import java.util.List;

/**
 * What the analytics were computed from, and what had to be skipped.
 *
 * @param metricRecords metric records read
 * @param telemetrySamples GPU samples read
 * @param malformedRecords lines that were not valid records (skipped)
 * @param truncatedFiles files whose last line was cut off (skipped)
 * @param problems the first malformed records, as {@code file:line: message}
 */
public record DataQuality(long metricRecords, long telemetrySamples, long malformedRecords, List<String> truncatedFiles,
                          List<String> problems) {
    public DataQuality {
        truncatedFiles = List.copyOf(truncatedFiles);
        problems = List.copyOf(problems);
    }
}
