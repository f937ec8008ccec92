package io.jenkins.plugins.gputraining.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The floor every analytics figure is compared with: read the lines and stream-parse each with Jackson. */
final class JsonLinesBaseline {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLinesBaseline() {
    }

    /** Reads every line of the files and walks all tokens; returns the token count so nothing is optimised away. */
    static long parse(final Path... files) throws IOException {
        long tokens = 0;
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    try (JsonParser parser = FACTORY.createParser(line)) {
                        while (parser.nextToken() != null) {
                            tokens++;
                        }
                    }
                }
            }
        }
        return tokens;
    }

}
