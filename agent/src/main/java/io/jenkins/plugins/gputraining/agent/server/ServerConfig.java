package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.runner.cli.RunnerCommand;
import io.jenkins.plugins.gputraining.runner.process.AgentJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a {@link TrainingServer} is set up. Build one with {@link #builder(Path)}; every setting but the runs
 * directory has a safe default (loopback only, no tokens: reads open, starting and controlling jobs refused).
 * docs/rest-api.md, "Security model", says who may do what with each setting.
 *
 * @param runsDirectory the folder of run directories the service serves; nothing outside it is served
 * @param bindAddress the address to listen on ({@code 127.0.0.1} unless told otherwise)
 * @param port the TCP port; 0 picks a free one ({@link TrainingServer#port()} says which)
 * @param tokens who may start and control jobs (and, with {@code readTokenRequired}, read)
 * @param allowedCommands when not empty, POST /api/training accepts only commands whose joined command line
 *         matches one of these patterns entirely
 * @param readTokenRequired whether reads (GET, the WebSocket stream) need a token too
 * @param allowedWorkingDirectories folders (besides each job's own workspace) a started job may name as its
 *         {@code working_dir}, and whose checkpoints may be downloaded
 * @param agentLauncher the command line that starts the agent ({@code … RunnerCommand}); the service appends
 *         {@code run --out … -- CMD…}
 * @param streamPollInterval how often one shared watcher per streamed run looks at its files
 * @param streamQueueLimit how many messages a WebSocket client may fall behind before it is dropped
 * @param streamQueueBytes how many bytes of messages a WebSocket client may fall behind before it is dropped
 * @param maxBodyBytes the largest request body accepted
 * @param controlTimeout how long pause/resume/cancel wait for the agent's answer before replying without it
 * @param startTimeout how long POST /api/training waits for the agent to write the run's first progress.json
 * @param allowedEnvironment with {@code allowedCommands}: the names (patterns matched entirely) of the variables a
 *         request's {@code env} may set besides {@link StartRequest#DEFAULT_ALLOWED_ENV}
 * @param allowedHosts host names (besides IP addresses and loopback names) the service answers to in {@code Host}
 * @param jobUser the account the training commands of started jobs run as ({@code --job-user}), or {@code null}
 * @param streamClientsPerRun the most WebSocket clients one run's stream takes
 * @param streamClientsTotal the most WebSocket clients all streams take together
 * @param maxZipBytes the most bytes (uncompressed) a checkpoint directory may hold to be sent as a zip
 */
public record ServerConfig(Path runsDirectory, String bindAddress, int port, ApiTokens tokens,
                           List<Pattern> allowedCommands, boolean readTokenRequired,
                           List<Path> allowedWorkingDirectories, List<String> agentLauncher,
                           Duration streamPollInterval, int streamQueueLimit, long streamQueueBytes,
                           int maxBodyBytes, Duration controlTimeout, Duration startTimeout,
                           List<Pattern> allowedEnvironment, List<String> allowedHosts, String jobUser,
                           int streamClientsPerRun, int streamClientsTotal, long maxZipBytes) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8000;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final int DEFAULT_STREAM_QUEUE_LIMIT = 1000;
    public static final long DEFAULT_STREAM_QUEUE_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_STREAM_CLIENTS_PER_RUN = 50;
    public static final int DEFAULT_STREAM_CLIENTS_TOTAL = 500;
    public static final long DEFAULT_MAX_ZIP_BYTES = 64L * 1024 * 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(runsDirectory, "runsDirectory");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
        }
        tokens = tokens == null ? ApiTokens.none() : tokens;
        allowedCommands = List.copyOf(allowedCommands);
        allowedWorkingDirectories = List.copyOf(allowedWorkingDirectories);
        agentLauncher = List.copyOf(agentLauncher);
        if (agentLauncher.isEmpty()) {
            throw new IllegalArgumentException("agentLauncher must name a command");
        }
        if (streamQueueLimit < 1 || streamQueueBytes < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("stream queue limits and the body limit must be positive");
        }
        Objects.requireNonNull(streamPollInterval, "streamPollInterval");
        Objects.requireNonNull(controlTimeout, "controlTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        allowedEnvironment = List.copyOf(allowedEnvironment);
        allowedHosts = allowedHosts.stream().map(host -> host.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        if (streamClientsPerRun < 1 || streamClientsTotal < 1 || maxZipBytes < 1) {
            throw new IllegalArgumentException("the stream client limits and the zip limit must be positive");
        }
    }

    /** A builder with the defaults, serving the given runs directory. */
    public static Builder builder(final Path runsDirectory) {
        return new Builder(runsDirectory);
    }

    /**
     * The agent started as a child JVM of this one: {@code <java.home>/bin/java -cp <java.class.path>
     * io.jenkins.plugins.gputraining.runner.cli.RunnerCommand}.
     */
    public static List<String> defaultAgentLauncher() {
        List<String> launcher = new java.util.ArrayList<>();
        launcher.add(AgentJvm.java());
        launcher.addAll(AgentJvm.MEMORY_OPTIONS);
        launcher.addAll(List.of("-cp", AgentJvm.classPath(), RunnerCommand.class.getName()));
        return List.copyOf(launcher);
    }

    /** Mutable builder of a {@link ServerConfig}. */
    public static final class Builder {
        private final Path runsDirectory;
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private ApiTokens tokens = ApiTokens.none();
        private final List<Pattern> allowedCommands = new ArrayList<>();
        private boolean readTokenRequired;
        private final List<Path> allowedWorkingDirectories = new ArrayList<>();
        private List<String> agentLauncher = defaultAgentLauncher();
        private Duration streamPollInterval = Duration.ofMillis(250);
        private int streamQueueLimit = DEFAULT_STREAM_QUEUE_LIMIT;
        private long streamQueueBytes = DEFAULT_STREAM_QUEUE_BYTES;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration controlTimeout = Duration.ofSeconds(5);
        private Duration startTimeout = Duration.ofSeconds(15);
        private final List<Pattern> allowedEnvironment = new ArrayList<>();
        private final List<String> allowedHosts = new ArrayList<>();
        private String jobUser;
        private int streamClientsPerRun = DEFAULT_STREAM_CLIENTS_PER_RUN;
        private int streamClientsTotal = DEFAULT_STREAM_CLIENTS_TOTAL;
        private long maxZipBytes = DEFAULT_MAX_ZIP_BYTES;

        private Builder(final Path runsDirectory) {
            this.runsDirectory = Objects.requireNonNull(runsDirectory, "runsDirectory");
        }

        public Builder bindAddress(final String value) {
            bindAddress = value;
            return this;
        }

        public Builder port(final int value) {
            port = value;
            return this;
        }

        public Builder tokens(final ApiTokens value) {
            tokens = value;
            return this;
        }

        /** Adds a pattern to the allow-list of commands (the joined command line must match it entirely). */
        public Builder allowCommand(final Pattern pattern) {
            allowedCommands.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        public Builder readTokenRequired(final boolean value) {
            readTokenRequired = value;
            return this;
        }

        /** Adds a folder that started jobs may use as their working directory. */
        public Builder allowWorkingDirectory(final Path directory) {
            allowedWorkingDirectories.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        public Builder agentLauncher(final List<String> value) {
            agentLauncher = List.copyOf(value);
            return this;
        }

        public Builder streamPollInterval(final Duration value) {
            streamPollInterval = value;
            return this;
        }

        public Builder streamQueueLimit(final int value) {
            streamQueueLimit = value;
            return this;
        }

        public Builder streamQueueBytes(final long value) {
            streamQueueBytes = value;
            return this;
        }

        public Builder maxBodyBytes(final int value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder controlTimeout(final Duration value) {
            controlTimeout = value;
            return this;
        }

        public Builder startTimeout(final Duration value) {
            startTimeout = value;
            return this;
        }

        /**
         * Adds a pattern of variable names a request's {@code env} may set when commands are restricted (the name
         * must match entirely), besides {@link StartRequest#DEFAULT_ALLOWED_ENV}.
         */
        public Builder allowEnvironment(final Pattern pattern) {
            allowedEnvironment.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        /** Adds a host name the service answers to (in the {@code Host} header), e.g. {@code gpu1.example.com}. */
        public Builder allowHost(final String host) {
            allowedHosts.add(Objects.requireNonNull(host, "host"));
            return this;
        }

        /** The account that started jobs' training commands run as; needed to start jobs when running as root. */
        public Builder jobUser(final String value) {
            jobUser = value;
            return this;
        }

        public Builder streamClientsPerRun(final int value) {
            streamClientsPerRun = value;
            return this;
        }

        public Builder streamClientsTotal(final int value) {
            streamClientsTotal = value;
            return this;
        }

        public Builder maxZipBytes(final long value) {
            maxZipBytes = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(runsDirectory, bindAddress, port, tokens, allowedCommands, readTokenRequired,
                    allowedWorkingDirectories, agentLauncher, streamPollInterval, streamQueueLimit,
                    streamQueueBytes, maxBodyBytes, controlTimeout, startTimeout, allowedEnvironment, allowedHosts,
                    jobUser, streamClientsPerRun, streamClientsTotal, maxZipBytes);
        }
    }
}
