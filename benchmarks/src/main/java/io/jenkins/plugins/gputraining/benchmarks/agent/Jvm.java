package io.jenkins.plugins.gputraining.benchmarks.agent;

import io.jenkins.plugins.gputraining.runner.process.AgentJvm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command lines for the Java processes a benchmark starts: the same runtime and class path as this one. */
final class Jvm {
    /**
     * The JVM options {@code bench memory} and {@code bench output} give the agent unless told otherwise: the ones
     * to run the agent with. A small heap that starts small (the live set is a few MB), the serial collector (no
     * GC threads or remembered sets), and C1 only: C2's compilations leave tens of MB of malloc'd arena memory
     * behind (measured: RSS 125–140 MB with C2 and -Xmx64m, about 60 MB flat with C1).
     */
    static final String DEFAULT_AGENT_OPTIONS = AgentJvm.MEMORY_OPTIONS_LINE;

    private Jvm() {
    }

    /** {@code java OPTIONS -cp CLASSPATH MAIN ARGS}. */
    static List<String> command(final String options, final Class<?> main, final List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(AgentJvm.java());
        command.addAll(options(options));
        command.add("-cp");
        command.add(AgentJvm.classPath());
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /** JVM options separated by spaces; blank for none. */
    static List<String> options(final String options) {
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return Arrays.stream(options.trim().split("\\s+")).toList();
    }
}
