package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.agent.server.ServerConfig;
import io.jenkins.plugins.gputraining.agent.server.TrainingServer;
import java.nio.file.Path;

/**
 * {@code bench index}'s service, in a JVM of its own (with the heap the bench gives it): serves a runs directory on a
 * free port, prints {@code URL <url>}, and stops when its standard input closes.
 *
 * <pre>java -Xmx256m -cp … IndexBenchServer RUNS_DIR</pre>
 */
public final class IndexBenchServer {
    private IndexBenchServer() {
    }

    public static void main(final String... args) throws Exception {
        try (TrainingServer server = TrainingServer.start(ServerConfig.builder(Path.of(args[0])).port(0).build())) {
            System.out.println("URL " + server.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Until the bench closes our input.
            }
        }
        System.exit(0);
    }
}
