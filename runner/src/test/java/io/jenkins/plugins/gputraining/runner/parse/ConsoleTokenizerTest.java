package io.jenkins.plugins.gputraining.runner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shapes of named numbers the tokenizer reads. */
class ConsoleTokenizerTest {
    private final ConsoleTokenizer tokenizer = new ConsoleTokenizer();

    private List<ConsoleToken> numbers(final String line) {
        return tokenizer.tokenize(line).stream().filter(token -> token.kind() != ConsoleToken.Kind.LABEL).toList();
    }

    @Test
    void namesBeforeColonsEqualsSignsAndBlanks() {
        assertThat(numbers("Iteration 5, loss = 0.585, Avg. loss: 14.8 lr=3e-4 Time  2.461"))
                .extracting(ConsoleToken::name, ConsoleToken::value)
                .containsExactly(tuple("Iteration", 5.0), tuple("loss", 0.585), tuple("Avg. loss", 14.8),
                        tuple("lr", 3e-4), tuple("Time", 2.461));
    }

    @Test
    void keyEqualsValueNamesOneWord() {
        assertThat(numbers("did not improve more than tol=0.000100 for 5 epochs"))
                .extracting(ConsoleToken::name).containsExactly("tol", "for");
    }

    @Test
    void countersInAndOutOfBrackets() {
        List<ConsoleToken> tokens = numbers("Epoch [2/5], Step [100/200] | [ 3/24] [320/1280 (25%)] [0] 15/40 10 / 1000");

        assertThat(tokens).allSatisfy(token -> assertThat(token.kind()).isEqualTo(ConsoleToken.Kind.COUNTER));
        assertThat(tokens).extracting(ConsoleToken::name, ConsoleToken::value, ConsoleToken::total)
                .containsExactly(tuple("Epoch", 2.0, 5.0), tuple("Step", 100.0, 200.0), tuple(null, 3.0, 24.0),
                        tuple(null, 320.0, 1280.0), tuple(null, 0.0, Double.NaN), tuple(null, 15.0, 40.0),
                        tuple(null, 10.0, 1000.0));
        assertThat(numbers("Epoch 0/-2").get(0).hasTotal()).as("no max_epochs").isFalse();
    }

    @Test
    void unitsRunningAveragesClocksDatesAndGroupedDigits() {
        List<ConsoleToken> tokens = numbers("2025-06-01 12:00:00,100 45.23it/s 7ms/step 41000 tok/s "
                + "loss: 1.6669 (1.7643) eta: 0:01:05 107,264 parameters mfu -100.00%");

        assertThat(tokens).extracting(ConsoleToken::value, ConsoleToken::unit).containsExactly(
                tuple(43200.1, "clock"), tuple(45.23, "it/s"), tuple(7.0, "ms/step"), tuple(41000.0, "tok/s"),
                tuple(1.6669, null), tuple(65.0, "clock"), tuple(107264.0, null), tuple(-100.0, "%"));
        assertThat(tokens.get(4).average()).isEqualTo(1.7643);
    }

    @Test
    void aNameFollowedByAColonAndWordsIsALabel() {
        assertThat(tokenizer.tokenize("Test set: Average loss: 0.5513")).extracting(ConsoleToken::kind,
                ConsoleToken::name).containsExactly(tuple(ConsoleToken.Kind.LABEL, "Test set"),
                tuple(ConsoleToken.Kind.NUMBER, "Average loss"));
        assertThat(tokenizer.tokenize("Test Error: ")).extracting(ConsoleToken::kind)
                .containsExactly(ConsoleToken.Kind.LABEL);
    }

    @Test
    void xgboostSetMetricsAndNonFiniteValues() {
        assertThat(numbers("[3]\ttrain-logloss:0.33736\tvalidation_0-rmse:89.62 loss: nan loss=inf"))
                .extracting(ConsoleToken::name, ConsoleToken::value)
                .containsExactly(tuple(null, 3.0), tuple("train-logloss", 0.33736), tuple("validation_0-rmse", 89.62),
                        tuple("loss", Double.NaN), tuple("loss", Double.POSITIVE_INFINITY));
    }
}
