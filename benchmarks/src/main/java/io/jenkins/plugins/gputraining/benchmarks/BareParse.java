package io.jenkins.plugins.gputraining.benchmarks;

import java.nio.file.Path;

/**
 * The baseline of {@code bench index}, in a JVM of its own as fresh as the service's: stream-parse files line by
 * line with Jackson ({@link JsonLinesBaseline}) and print {@code NANOS <elapsed> TOKENS <count>}.
 *
 * <pre>java -cp … BareParse FILE…</pre>
 */
public final class BareParse {
    private BareParse() {
    }

    public static void main(final String... args) throws Exception {
        Path[] files = new Path[args.length];
        for (int i = 0; i < args.length; i++) {
            files[i] = Path.of(args[i]);
        }
        long start = System.nanoTime();
        long tokens = JsonLinesBaseline.parse(files);
        System.out.println("NANOS " + (System.nanoTime() - start) + " TOKENS " + tokens);
    }
}
