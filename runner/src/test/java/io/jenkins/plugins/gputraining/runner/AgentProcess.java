package io.jenkins.plugins.gputraining.runner;

import io.jenkins.plugins.gputraining.runner.cli.RunnerCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the agent as a real JVM process, as a user or Jenkins would, and collects what it prints. The command line
 * is the most complete one on the test class path: the full agent's ({@code serve}, {@code demo} too) where the
 * agent module is there, else the runner's.
 */
public final class AgentProcess {
    private static final String FULL_AGENT = "io.jenkins.plugins.gputraining.agent.cli.AgentCommand";

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private AgentProcess(final Process process, final Path stdout, final Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code java -cp <test class path> <main class> ARGS} in a working directory. */
    public static AgentProcess start(final Path workingDirectory, final String... args) throws IOException {
        return start(workingDirectory, System.getProperty("java.class.path"), args);
    }

    /**
     * Starts the agent with its class path written relative to the working directory, as
     * {@code java -jar agent/target/gpu-training-agent.jar} names it: children it starts elsewhere must still find it.
     */
    public static AgentProcess startWithRelativeClassPath(final Path workingDirectory, final String... args)
            throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(workingDirectory.toAbsolutePath().relativize(Path.of(entry).toAbsolutePath()).toString());
        }
        return start(workingDirectory, String.join(File.pathSeparator, entries), args);
    }

    private static AgentProcess start(final Path workingDirectory, final String classPath, final String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(coverageAgent());
        command.addAll(List.of("-cp", classPath, mainClass()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(workingDirectory, "agent", ".out");
        Path stderr = Files.createTempFile(workingDirectory, "agent", ".err");
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new AgentProcess(process, stdout, stderr);
    }

    /**
     * The build's JaCoCo agent option, which the build passes to the tests as {@code gputraining.coverage.agent}: the
     * agent started as a process counts towards the module's coverage too (docs/architecture.md, "Coverage").
     */
    static List<String> coverageAgent() {
        String agent = System.getProperty("gputraining.coverage.agent", "").strip();
        return agent.startsWith("-javaagent:") ? List.of(agent) : List.of();
    }

    private static String mainClass() {
        try {
            Class.forName(FULL_AGENT, false, AgentProcess.class.getClassLoader());
            return FULL_AGENT;
        }
        catch (ClassNotFoundException e) {
            return RunnerCommand.class.getName();
        }
    }

    /** Runs the agent to its end (at most two minutes) and returns its exit code. */
    public static AgentProcess run(final Path workingDirectory, final String... args) throws Exception {
        AgentProcess agent = start(workingDirectory, args);
        agent.waitFor();
        return agent;
    }

    public int waitFor() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the agent did not finish within two minutes; stderr:\n" + stderrText());
        }
        return process.exitValue();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGKILL ({@code kill -9 PID}): the agent dies at once, with no chance to record anything. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Whether the agent still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as Jenkins does when a build is aborted, or {@code kill PID}. */
    public void terminate() {
        process.destroy();
    }

    public String stdoutText() {
        return read(stdout);
    }

    public String stderrText() {
        return read(stderr);
    }

    private static String read(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
