package io.jenkins.plugins.gputraining.agent.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Command lines for the Java processes a benchmark starts: the same runtime and class path as this one. */
final class Jvm {
    /**
     * The JVM options {@code bench memory} and {@code bench output} give the agent unless told otherwise: the ones
     * to run the agent with. A small heap that starts small (the live set is a few MB), the serial collector (no
     * GC threads or remembered sets), and C1 only: C2's compilations leave tens of MB of malloc'd arena memory
     * behind (measured: RSS 125–140 MB with C2 and -Xmx64m, about 60 MB flat with C1).
     */
    static final String DEFAULT_AGENT_OPTIONS = "-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    private Jvm() {
    }

    /** This runtime's {@code java}. */
    static String java() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /**
     * This process's class path, each entry made absolute (children run in other directories): the agent jar under
     * {@code java -jar}, the test class path under Maven.
     */
    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code java OPTIONS -cp CLASSPATH MAIN ARGS}. */
    static List<String> command(final String options, final Class<?> main, final List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(options(options));
        command.add("-cp");
        command.add(classPath());
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
