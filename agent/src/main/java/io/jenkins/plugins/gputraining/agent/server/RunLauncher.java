package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts a job: creates {@code <runs>/<id>/} with its {@code workspace/} and owner file, and spawns the agent as a
 * child JVM, {@code … AgentCommand run --out <runs>/<id> --job-id <id> … -- <command…>}, in its own session (through
 * {@code setsid} where it exists), its output appended to {@code <runs>/<id>/agent.log}. The agent is not tied to the
 * service: a job survives a restart of the service, and pause/resume/cancel reach it through the run directory's
 * control channel, like everywhere else.
 *
 * <p>With a {@link JobUser} the agent stays with the service's user and the training command runs as the job user
 * ({@code setpriv … -- <command…>}), in a workspace it owns; a service running as root without one refuses to start
 * jobs (docs/rest-api.md, "Security model").
 */
final class RunLauncher {
    /** The agent's own output (its status lines and the training's output, tee'd) in the run directory. */
    static final String AGENT_LOG = "agent.log";
    /** The default working directory of a job, created by the service inside its run directory. */
    static final String WORKSPACE = "workspace";
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String ROOT_WITHOUT_JOB_USER = "this service runs as root and has no --job-user, so it refuses to "
            + "start jobs (they would run as root and could read its tokens); restart serve with --job-user USER, an "
            + "unprivileged account the training commands run as";

    private final ServerConfig config;
    private final RunsDirectory runs;
    private final List<Path> allowedWorkingDirectories;
    private final JobUser jobUser;
    private final boolean root;

    /** A job that was started. */
    record Started(String runId, String name, String status, long agentPid) {
    }

    RunLauncher(final ServerConfig config, final RunsDirectory runs) throws IOException {
        this.config = config;
        this.runs = runs;
        List<Path> allowed = new ArrayList<>();
        for (Path directory : config.allowedWorkingDirectories()) {
            if (!Files.isDirectory(directory)) {
                throw new IOException("allowed working directory " + directory + " is not a directory");
            }
            allowed.add(directory.toRealPath());
        }
        this.allowedWorkingDirectories = List.copyOf(allowed);
        this.root = ServiceProcess.isRoot();
        if (config.jobUser() != null && !root) {
            throw new IOException("--job-user needs serve to run as root: the service starts the training commands "
                    + "as " + config.jobUser() + " with setpriv, which only root may do");
        }
        this.jobUser = config.jobUser() == null ? null : JobUser.lookup(config.jobUser());
    }

    List<Path> allowedWorkingDirectories() {
        return allowedWorkingDirectories;
    }

    /**
     * Starts a job for a principal and waits (at most the configured start timeout) for the agent to record it.
     *
     * @throws ApiRequestException 403 when the command is not allowed, 409 when the id is taken, 400/403 for a bad
     *         working directory, 500 when the agent cannot be started or dies before recording the run
     */
    Started start(final StartRequest request, final ApiTokens.Principal principal) throws IOException,
            InterruptedException {
        checkAllowed(request.command());
        String id = request.runId() != null ? request.runId() : newId();
        Path directory = runs.root().resolve(id);
        try {
            Files.createDirectory(directory);
        }
        catch (FileAlreadyExistsException e) {
            throw ApiRequestException.conflict("run \"" + id + "\" already exists; choose another job_id");
        }
        boolean started = false;
        try {
            Path workspace = Files.createDirectory(directory.resolve(WORKSPACE));
            Path workingDirectory = workingDirectory(workspace, request.workingDir());
            if (root && jobUser == null) {
                throw new ApiRequestException(503, ROOT_WITHOUT_JOB_USER);
            }
            if (jobUser != null) {
                // The job may pass through its run directory to its workspace, but not list or write it.
                Files.setAttribute(directory, "unix:mode", 0711, LinkOption.NOFOLLOW_LINKS);
                jobUser.own(workspace);
                for (Path folder = workingDirectory; folder.startsWith(workspace) && !folder.equals(workspace);
                     folder = folder.getParent()) {
                    jobUser.own(folder);
                }
            }
            RunOwner.write(directory, principal, workingDirectory.toRealPath());
            String name = request.name() != null ? request.name() : id;
            Process agent = spawn(directory, id, name, workingDirectory, request);
            started = true;
            return new Started(id, name, awaitRecorded(directory, agent), agent.pid());
        }
        finally {
            if (!started) {
                deleteQuietly(directory);
            }
        }
    }

    private void checkAllowed(final List<String> command) {
        List<Pattern> allowed = config.allowedCommands();
        if (allowed.isEmpty()) {
            return;
        }
        String line = String.join(" ", command);
        for (Pattern pattern : allowed) {
            if (pattern.matcher(line).matches()) {
                return;
            }
        }
        throw ApiRequestException.forbidden("command not allowed: \"" + PrintableText.printable(line) + "\" matches none of the "
                + "service's --allow-command patterns");
    }

    private Path workingDirectory(final Path workspace, final String requested) throws IOException {
        if (requested == null) {
            return workspace;
        }
        Path asked = Path.of(requested);
        if (!asked.isAbsolute()) {
            Path resolved = workspace.resolve(asked).normalize();
            if (!resolved.startsWith(workspace)) {
                throw ApiRequestException.badRequest("\"working_dir\" \"" + PrintableText.printable(requested) + "\" leaves the run's "
                        + "workspace; a relative working_dir is resolved inside <runs>/<run id>/workspace");
            }
            Files.createDirectories(resolved);
            return resolved;
        }
        Path real;
        try {
            real = asked.toRealPath();
        }
        catch (IOException e) {
            throw ApiRequestException.badRequest("\"working_dir\" \"" + PrintableText.printable(requested) + "\" does not exist");
        }
        if (!Files.isDirectory(real)) {
            throw ApiRequestException.badRequest("\"working_dir\" \"" + PrintableText.printable(requested) + "\" is not a directory");
        }
        for (Path root : allowedWorkingDirectories) {
            if (real.startsWith(root)) {
                return real;
            }
        }
        throw ApiRequestException.forbidden("\"working_dir\" \"" + PrintableText.printable(requested) + "\" is outside the allowed "
                + "workspaces; use a path relative to the run's own workspace, or start serve with --allow-workdir DIR");
    }

    private Process spawn(final Path directory, final String id, final String name, final Path workingDirectory,
                          final StartRequest request) throws IOException {
        List<String> line = new ArrayList<>();
        Path setsid = SETSID.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (setsid != null) {
            line.add(setsid.toString());
        }
        line.addAll(config.agentLauncher());
        // option=value, so that a value starting with "-" cannot pass for an option.
        line.addAll(List.of("run", "--out=" + directory, "--run-id=" + id, "--name=" + name,
                "--workdir=" + workingDirectory));
        if (request.format() != null) {
            line.add("--format=" + request.format());
        }
        for (Map.Entry<String, String> variable : request.env().entrySet()) {
            line.add("--env=" + variable.getKey() + "=" + variable.getValue());
        }
        line.add("--");
        if (jobUser != null) {
            line.addAll(jobUser.commandPrefix());
        }
        line.addAll(request.command());
        ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve(AGENT_LOG).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // The service's secrets stay with the service.
        builder.environment().remove(ApiTokens.ENVIRONMENT_VARIABLE);
        if (jobUser != null) {
            // The training runs as the job user: its own home, not the service user's.
            builder.environment().put("HOME", jobUser.home().toString());
            builder.environment().put("USER", jobUser.name());
            builder.environment().put("LOGNAME", jobUser.name());
        }
        try {
            return builder.start();
        }
        catch (IOException e) {
            throw new ApiRequestException(500, "cannot start the agent: " + e.getMessage());
        }
    }

    /** Waits until the agent wrote progress.json; returns the run's status then ("starting" if it has not yet). */
    private String awaitRecorded(final Path directory, final Process agent) throws InterruptedException {
        Path progress = directory.resolve(ProgressFormat.PROGRESS_FILE);
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(progress)) {
                try {
                    return runs.progress(runs.require(directory.getFileName().toString())).status().jsonName();
                }
                catch (RuntimeException e) {
                    // Being replaced: look again.
                }
            }
            else if (!agent.isAlive()) {
                throw new ApiRequestException(500, "the agent exited with code " + agent.exitValue()
                        + " before recording the run; " + AGENT_LOG + " says: " + tail(directory.resolve(AGENT_LOG)));
            }
            Thread.sleep(25);
        }
        return "starting";
    }

    private static String tail(final Path log) {
        if (!Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            return "(nothing)";
        }
        try (SeekableByteChannel file = Files.newByteChannel(log, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long start = Math.max(0, file.size() - 1000);
            ByteBuffer bytes = ByteBuffer.allocate((int) (file.size() - start));
            file.position(start);
            while (bytes.hasRemaining() && file.read(bytes) > 0) {
                // Reads the end of the log.
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).strip();
        }
        catch (IOException e) {
            return "(nothing)";
        }
    }

    private static String newId() {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return "run-" + LocalDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(random);
    }

    private static void deleteQuietly(final Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException e) {
                    // Best effort.
                }
            });
        }
        catch (IOException e) {
            // Best effort.
        }
    }
}
