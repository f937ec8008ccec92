package io.jenkins.plugins.gputraining.runner.parse;

import java.util.Optional;

/**
 * {@code --format auto}: a JSON object line first, then a HuggingFace log dict anywhere in the line.
 *
 * <p>Both need a '{', so the common case, a line without one, costs a single scan.
 */
public final class AutoParser implements ProgressParser {
    private final JsonLineParser json = new JsonLineParser();
    private final HuggingFaceLogParser huggingFace = new HuggingFaceLogParser();

    @Override
    public Optional<Observation> parse(final String line, final double time) {
        if (line.indexOf('{') < 0) {
            return Optional.empty();
        }
        Optional<Observation> observation = json.parse(line, time);
        return observation.isPresent() ? observation : huggingFace.parse(line, time);
    }
}
