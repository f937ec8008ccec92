package io.jenkins.plugins.gputraining.view;

import java.util.Objects;

/**
 * One card of a training run's summary: a label, the figure, a line of detail and a modifier for its style.
 *
 * @param id stable identifier (for tests and CSS): {@code status}, {@code final-loss}, …
 * @param label what the figure is
 * @param value the figure, formatted
 * @param detail one line below it, or empty
 * @param modifier a CSS modifier ({@code good}, {@code warning}, {@code bad}, or empty)
 */
public record SummaryCard(String id, String label, String value, String detail, String modifier) {
    public SummaryCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        value = value == null ? Formats.UNKNOWN : value;
        detail = detail == null ? "" : detail;
        modifier = modifier == null ? "" : modifier;
    }

    // Getters for Jelly, which reads JavaBeans properties.
    public String getId() {
        return id;
    }

    public String getLabel() {
        return label;
    }

    public String getValue() {
        return value;
    }

    public String getDetail() {
        return detail;
    }

    public String getModifier() {
        return modifier;
    }
}
