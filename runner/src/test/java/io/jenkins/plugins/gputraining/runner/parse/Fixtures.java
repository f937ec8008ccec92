package io.jenkins.plugins.gputraining.runner.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test inputs under src/test/resources/parse/: real framework outputs, see lightning/README.md there. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(final String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/parse/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /parse/" + name);
            }
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(final String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
