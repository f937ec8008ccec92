package io.jenkins.plugins.gputraining.model.series;

import io.jenkins.plugins.gputraining.model.progress.MetricRecord;
import java.util.Locale;

/** A training metric that {@link RunSeries} charts from metrics.jsonl. */
public enum TrainingMetric {
    LOSS,
    SAMPLES_PER_SECOND,
    LEARNING_RATE;

    /** The name in metrics.jsonl and in JSON ({@code loss}, {@code samples_per_second}, {@code learning_rate}). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value in a record, or {@code null} when the record does not carry it. */
    public Double valueIn(final MetricRecord record) {
        return switch (this) {
            case LOSS -> record.loss();
            case SAMPLES_PER_SECOND -> record.samplesPerSecond();
            case LEARNING_RATE -> record.learningRate();
        };
    }
}
