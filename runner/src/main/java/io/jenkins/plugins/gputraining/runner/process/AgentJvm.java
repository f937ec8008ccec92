package io.jenkins.plugins.gputraining.runner.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How to start another JVM running the agent's code (the demo's trainer, a job the service starts). */
public final class AgentJvm {
    /** Options that keep a days-long agent's memory flat (docs/agent.md, "Memory and JVM options"), as one line. */
    public static final String MEMORY_OPTIONS_LINE = "-Xms8m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    /** The same options, one per element. */
    public static final List<String> MEMORY_OPTIONS = List.of(MEMORY_OPTIONS_LINE.split(" "));

    private AgentJvm() {
    }

    /** This JVM's java executable ({@code java} from the PATH if the runtime has none, as some launchers do). */
    public static String java() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /**
     * This JVM's class path with every entry made absolute: a child started in another working directory (a run's
     * workspace) must still find the jar that {@code java -jar agent/target/…} named relatively.
     */
    public static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
