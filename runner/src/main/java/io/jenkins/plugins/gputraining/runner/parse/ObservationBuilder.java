package io.jenkins.plugins.gputraining.runner.parse;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collects named numbers from one source record and maps them onto an {@link Observation}. */
final class ObservationBuilder {
    private Double time;
    private Long step;
    private Double epoch;
    private Double loss;
    private Double learningRate;
    private Double samplesPerSecond;
    private Long samples;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    /** Fields set under their canonical name, which an alias must not overwrite. */
    private final Set<MetricNames.Field> canonical = EnumSet.noneOf(MetricNames.Field.class);
    private final Set<MetricNames.Field> set = EnumSet.noneOf(MetricNames.Field.class);
    /** The alias a field was set under, when it was. */
    private final Map<MetricNames.Field, String> aliases = new EnumMap<>(MetricNames.Field.class);
    private boolean trainingLog;

    ObservationBuilder put(final String name, final double value) {
        MetricNames.Field field = MetricNames.field(name);
        if (field == MetricNames.Field.OTHER) {
            metrics.put(name, value);
            trainingLog |= MetricNames.isTrainingMetric(name);
            return this;
        }
        boolean isCanonical = MetricNames.isCanonical(name);
        if (set.contains(field) && (canonical.contains(field) || !isCanonical)) {
            // a second spelling of a field already set: keep it visible under its own (non-field) name
            if (!isCanonical) {
                metrics.put(name, value);
            }
            return this;
        }
        if (set.contains(field)) {
            // the field's own name after an alias: the alias's value stays visible as a metric
            metrics.put(aliases.get(field), value(field));
        }
        set.add(field);
        if (isCanonical) {
            canonical.add(field);
        }
        else {
            aliases.put(field, name);
        }
        switch (field) {
            case TIME -> time = value;
            case STEP -> step = toLong(value);
            case EPOCH -> epoch = value;
            case LOSS -> loss = value;
            case LEARNING_RATE -> learningRate = value;
            case SAMPLES_PER_SECOND -> samplesPerSecond = value;
            case SAMPLES -> samples = toLong(value);
            default -> throw new IllegalStateException(field.name());
        }
        trainingLog |= field != MetricNames.Field.TIME;
        return this;
    }

    private double value(final MetricNames.Field field) {
        return switch (field) {
            case TIME -> time;
            case STEP -> step == null ? Double.NaN : step;
            case EPOCH -> epoch;
            case LOSS -> loss;
            case LEARNING_RATE -> learningRate;
            case SAMPLES_PER_SECOND -> samplesPerSecond;
            case SAMPLES -> samples == null ? Double.NaN : samples;
            default -> throw new IllegalStateException(field.name());
        };
    }

    /**
     * The observation, or empty when nothing numeric was found; with {@code requireTrainingLog}, also empty unless
     * some name looks like training progress (so that a configuration dict printed on stdout is not a record).
     *
     * @param seenAt when the agent saw it; replaced by a {@code time} field that holds plausible epoch seconds
     */
    Optional<Observation> build(final double seenAt, final boolean requireTrainingLog) {
        boolean hasValues = step != null || epoch != null || loss != null || learningRate != null
                || samplesPerSecond != null || samples != null || !metrics.isEmpty();
        if (!hasValues || requireTrainingLog && !trainingLog) {
            return Optional.empty();
        }
        // a child's own timestamp is more exact than ours (files are flushed in bursts); elapsed seconds are not one
        boolean ownTime = time != null && Double.isFinite(time) && time >= MetricNames.EARLIEST_EPOCH_SECONDS;
        double when = ownTime ? time : seenAt;
        return Optional.of(new Observation(when, step, epoch, loss, learningRate, samplesPerSecond, samples, metrics));
    }

    private static Long toLong(final double value) {
        return Double.isFinite(value) ? Math.round(value) : null;
    }
}
