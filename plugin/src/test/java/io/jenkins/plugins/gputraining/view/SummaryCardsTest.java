package io.jenkins.plugins.gputraining.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryCardsTest {
    @Test
    void cardsInPageOrderWithFormattedFigures() {
        TrainingSummary summary = Summaries.completed("baseline", 0.412, 412.5, 98.5, 3580.0, 608.9, 95.1);

        List<SummaryCard> cards = SummaryCards.of(summary);

        assertThat(cards).extracting(SummaryCard::id).containsExactly("status", "final-loss", "throughput",
                "gpu-utilization", "duration", "energy", "efficiency");
        assertThat(cards).extracting(SummaryCard::value).containsExactly("completed", "0.4120", "412.5 samples/s",
                "98.5 %", "59 min 40 s", "608.9 Wh", "95");
        assertThat(cards.get(0).modifier()).isEqualTo("good");
        assertThat(cards.get(6).modifier()).isEqualTo("green");
        assertThat(cards.get(6).detail()).isEqualTo("no alerts");
    }

    @Test
    void aFailedRunWithAlertsAndNoTelemetry() {
        TrainingSummary summary = new TrainingSummary("r", null, "failed", null, null, 1, 10.0, null, null, null, null,
                null, null, null, null, 3, 1);

        List<SummaryCard> cards = SummaryCards.of(summary);

        assertThat(cards.get(0).modifier()).isEqualTo("bad");
        assertThat(cards.get(0).detail()).isEqualTo("exit code 1");
        assertThat(cards.get(1).value()).isEqualTo(Formats.UNKNOWN);
        assertThat(cards.get(3).value()).isEqualTo(Formats.UNKNOWN);
        assertThat(cards.get(6).value()).isEqualTo("n/a");
        assertThat(cards.get(6).modifier()).isEqualTo("unknown");
        assertThat(cards.get(6).detail()).isEqualTo("3 alerts (1 critical)");
    }
}
