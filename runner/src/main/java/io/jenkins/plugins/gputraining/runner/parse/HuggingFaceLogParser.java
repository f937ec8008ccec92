package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Map;
import java.util.Optional;

/**
 * The log dicts HuggingFace Trainer prints: {@code {'loss': 2.31, 'grad_norm': 1.2, 'learning_rate': 4.5e-05,
 * 'epoch': 0.1}}, its eval dicts ({@code eval_loss}, {@code eval_runtime}, …) and the final summary
 * ({@code train_runtime}, {@code train_samples_per_second}, {@code train_loss}).
 *
 * <p>Versions differ: 4.x prints bare floats, 5.x quotes them ({@code 'loss': '2.31'}); {@code nan} and {@code inf}
 * occur in both spellings. The dict need not start the line: the ProgressCallback writes it through tqdm, so it may
 * follow a bar fragment, and a logging setup may prefix it. HF dicts carry no {@code step} in most versions; it stays
 * {@code null} then. {@code train_loss} of the summary is the run's mean loss, so it stays a metric, not the loss.
 *
 * <p>Only dicts that look like a training log (a loss, epoch, learning rate, {@code eval_…}/{@code train_…} …) count,
 * so that a configuration dict a script prints at start-up does not become a record.
 */
public final class HuggingFaceLogParser implements ProgressParser {
    @Override
    public Optional<Observation> parse(final String line, final double time) {
        for (int brace = line.indexOf('{'); brace >= 0; brace = line.indexOf('{', brace + 1)) {
            Map<String, Double> entries = PythonDictLiteral.parse(line, brace);
            if (entries == null || entries.isEmpty()) {
                continue;
            }
            ObservationBuilder builder = new ObservationBuilder();
            entries.forEach(builder::put);
            Optional<Observation> observation = builder.build(time, true);
            if (observation.isPresent()) {
                return observation;
            }
        }
        return Optional.empty();
    }
}
