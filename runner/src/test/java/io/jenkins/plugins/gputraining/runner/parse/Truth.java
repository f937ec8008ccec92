package io.jenkins.plugins.gputraining.runner.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixture's truth.json: what the framework's own structures held (loss_curve_, evals_result(), net.history, a
 * loss recorded at runtime, trainer_state), never parsed from the console.
 */
final class Truth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode root;

    private Truth(final JsonNode root) {
        this.root = root;
    }

    static Truth of(final String resource) {
        try {
            return new Truth(JSON.readTree(Fixtures.bytes(resource)));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode at(final String pointer) {
        JsonNode node = root.at(pointer);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("truth has no " + pointer);
        }
        return node;
    }

    double number(final String pointer) {
        return at(pointer).asDouble();
    }

    long integer(final String pointer) {
        return at(pointer).asLong();
    }

    /** An array of arrays, as rows of numbers. */
    List<double[]> rows(final String pointer) {
        List<double[]> rows = new ArrayList<>();
        for (JsonNode row : at(pointer)) {
            double[] values = new double[row.size()];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i).asDouble();
            }
            rows.add(values);
        }
        return rows;
    }

    /** The second column of {@code pointer}'s rows whose first column is {@code key}. */
    double lookup(final String pointer, final double key) {
        for (double[] row : rows(pointer)) {
            if (row[0] == key) {
                return row[1];
            }
        }
        throw new IllegalArgumentException("truth " + pointer + " has no row for " + key);
    }
}
