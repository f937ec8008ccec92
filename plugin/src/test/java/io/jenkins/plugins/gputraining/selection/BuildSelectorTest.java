package io.jenkins.plugins.gputraining.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildSelectorTest {
    /** A job's history: builds 1..n, newest last in the list; the current build is the last one. */
    private static BuildHistory history(final BuildRef... builds) {
        List<BuildRef> all = List.of(builds);
        return new BuildHistory() {
            @Override
            public BuildRef current() {
                return all.get(all.size() - 1);
            }

            @Override
            public Optional<BuildRef> byNumber(final int number) {
                return all.stream().filter(build -> build.number() == number).findFirst();
            }

            @Override
            public Iterable<BuildRef> before(final int number) {
                List<BuildRef> older = new ArrayList<>();
                for (int i = all.size() - 1; i >= 0; i--) {
                    if (all.get(i).number() < number) {
                        older.add(all.get(i));
                    }
                }
                return older;
            }
        };
    }

    private static BuildRef trained(final int number, final String result) {
        return new BuildRef(number, result, true);
    }

    private static List<Integer> numbers(final List<BuildRef> builds) {
        return builds.stream().map(BuildRef::number).toList();
    }

    private final BuildHistory job = history(trained(1, "SUCCESS"), new BuildRef(2, "FAILURE", false),
            trained(3, "UNSTABLE"), trained(4, "FAILURE"), trained(5, null));

    @Test
    void explicitBuildsInTheGivenOrder() {
        assertThat(numbers(BuildSelector.select(BuildSelection.of(List.of(4, 1, 5), null, null), job)))
                .containsExactly(4, 1, 5);
    }

    @Test
    void explicitBuildsMustExistAndHaveTraining() {
        assertThatThrownBy(() -> BuildSelector.select(BuildSelection.of(List.of(1, 9), null, null), job))
                .hasMessage("build #9 does not exist (any more)");
        assertThatThrownBy(() -> BuildSelector.select(BuildSelection.of(List.of(2), null, null), job))
                .hasMessage("build #2 has no recorded training run");
    }

    @Test
    void lastNTakesTrainedBuildsIncludingThisOneOldestFirst() {
        assertThat(numbers(BuildSelector.select(BuildSelection.of(null, 3, null), job))).containsExactly(3, 4, 5);
        assertThat(numbers(BuildSelector.select(BuildSelection.of(null, 10, null), job))).containsExactly(1, 3, 4, 5);
    }

    @Test
    void againstABaselineListsTheBaselineFirst() {
        assertThat(numbers(BuildSelector.select(BuildSelection.of(null, null, "lastSuccessful"), job)))
                .containsExactly(3, 5);
        assertThat(numbers(BuildSelector.select(BuildSelection.of(null, null, "lastStable"), job)))
                .containsExactly(1, 5);
        assertThat(numbers(BuildSelector.select(BuildSelection.of(null, null, "previous"), job)))
                .containsExactly(4, 5);
    }

    @Test
    void againstNeedsTrainingHereAndABaseline() {
        BuildHistory untrained = history(trained(1, "SUCCESS"), new BuildRef(2, null, false));
        assertThatThrownBy(() -> BuildSelector.select(BuildSelection.of(null, null, "lastSuccessful"), untrained))
                .hasMessageContaining("this build has no training run");
        BuildHistory noBaseline = history(trained(1, "FAILURE"), trained(2, null));
        assertThatThrownBy(() -> BuildSelector.select(BuildSelection.of(null, null, "lastStable"), noBaseline))
                .hasMessage("no earlier build matches lastStable with a recorded training run");
    }

    @Test
    void lastNNeedsTwoBuilds() {
        BuildHistory single = history(trained(1, null));
        assertThatThrownBy(() -> BuildSelector.select(BuildSelection.of(null, 5, null), single))
                .hasMessage("last: 5 found only one build with training to compare");
    }
}
