package io.jenkins.plugins.gputraining.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.Winners;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonGateTest {
    private static final Comparison COMPARISON = new Comparison(List.of(), new Winners("12", "15", null, "15"));

    @Test
    void passesWhenThisBuildWinsEveryRequiredCategory() {
        ComparisonGate gate = ComparisonGate.parse("best_loss, most_efficient", GateResult.FAILURE);

        GateOutcome outcome = gate.evaluate(COMPARISON, Set.of("15"));

        assertThat(outcome.isPassed()).isTrue();
        assertThat(gate.categories()).containsExactly("best_loss", "most_efficient");
    }

    @Test
    void failsNamingTheWinnerOfEachLostCategory() {
        ComparisonGate gate = ComparisonGate.parse("best_loss,best_throughput,fastest", null);

        GateOutcome outcome = gate.evaluate(COMPARISON, Set.of("12"));

        assertThat(outcome.result()).isEqualTo(GateResult.UNSTABLE);
        assertThat(outcome.failures()).containsExactly("best_loss was won by 15, not by this build",
                "fastest: no run qualified, so this build did not win it");
    }

    @Test
    void aSecondRunOfThisBuildCountsAsThisBuild() {
        ComparisonGate gate = ComparisonGate.parse("best_loss", GateResult.UNSTABLE);
        Comparison comparison = new Comparison(List.of(), new Winners(null, "15.2", null, null));

        assertThat(gate.evaluate(comparison, Set.of("15", "15.2")).isPassed()).isTrue();
    }

    @Test
    void unknownCategoriesAreRefused() {
        assertThatThrownBy(() -> ComparisonGate.parse("lowest_loss", null))
                .hasMessageContaining("unknown category \"lowest_loss\"").hasMessageContaining("best_loss");
        assertThat(ComparisonGate.parse(null, null).isEmpty()).isTrue();
        assertThat(ComparisonGate.parse(" , ", null).isEmpty()).isTrue();
    }
}
