package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EfficiencyBandTest {
    @Test
    void bandsFollowTheSeedsBadge() {
        assertThat(EfficiencyBand.of(95.0)).isEqualTo(EfficiencyBand.GREEN);
        assertThat(EfficiencyBand.of(90.01)).isEqualTo(EfficiencyBand.GREEN);
        assertThat(EfficiencyBand.of(90.0)).as("90 is not above 90").isEqualTo(EfficiencyBand.YELLOW);
        assertThat(EfficiencyBand.of(70.5)).isEqualTo(EfficiencyBand.YELLOW);
        assertThat(EfficiencyBand.of(70.0)).isEqualTo(EfficiencyBand.RED);
        assertThat(EfficiencyBand.of(0.0)).isEqualTo(EfficiencyBand.RED);
    }

    @Test
    void unknownScoresAreGreyNotApplicable() {
        assertThat(EfficiencyBand.of(null)).isEqualTo(EfficiencyBand.UNKNOWN);
        assertThat(EfficiencyBand.of(Double.NaN)).isEqualTo(EfficiencyBand.UNKNOWN);
        assertThat(EfficiencyBand.label(null)).isEqualTo("n/a");
        assertThat(EfficiencyBand.UNKNOWN.cssClass()).isEqualTo("gpu-training-badge--unknown");
    }

    @Test
    void labelIsTheRoundedScore() {
        assertThat(EfficiencyBand.label(95.4)).isEqualTo("95");
        assertThat(EfficiencyBand.label(70.5)).isEqualTo("71");
        assertThat(EfficiencyBand.GREEN.cssClass()).isEqualTo("gpu-training-badge--green");
    }
}
