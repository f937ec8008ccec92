package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void unknownValuesAreADashNeverZero() {
        assertThat(Formats.loss(null)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.loss(Double.NaN)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.throughput(null)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.percent(null)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.energy(null)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.duration(null)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.bytes(null)).isEqualTo(Formats.UNKNOWN);
        assertThat(Formats.integer(null)).isEqualTo(Formats.UNKNOWN);
    }

    @Test
    void durations() {
        assertThat(Formats.duration(45.2)).isEqualTo("45 s");
        assertThat(Formats.duration(725.0)).isEqualTo("12 min 05 s");
        assertThat(Formats.duration(3580.0)).isEqualTo("59 min 40 s");
        assertThat(Formats.duration(3 * 3600 + 120.0)).isEqualTo("3 h 02 min");
        assertThat(Formats.duration(3 * 86_400 + 4 * 3600.0)).isEqualTo("3 d 04 h");
    }

    @Test
    void figures() {
        assertThat(Formats.loss(0.412)).isEqualTo("0.4120");
        assertThat(Formats.loss(2.31)).isEqualTo("2.310");
        assertThat(Formats.loss(1.2345e-5)).isEqualTo("1.235e-05");
        assertThat(Formats.throughput(412.5)).isEqualTo("412.5 samples/s");
        assertThat(Formats.throughput(12.345)).isEqualTo("12.3 samples/s");
        assertThat(Formats.percent(98.54)).isEqualTo("98.5 %");
        assertThat(Formats.energy(608.94)).isEqualTo("608.9 Wh");
        assertThat(Formats.energy(12_345.0)).isEqualTo("12.35 kWh");
        assertThat(Formats.memory(18_432.0)).isEqualTo("18.0 GiB");
        assertThat(Formats.memory(900.0)).isEqualTo("900 MiB");
        assertThat(Formats.bytes(1536L)).isEqualTo("1.5 KiB");
        assertThat(Formats.integer(46_150L)).isEqualTo("46,150");
    }
}
