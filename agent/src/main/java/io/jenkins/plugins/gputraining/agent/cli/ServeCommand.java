package io.jenkins.plugins.gputraining.agent.cli;

import io.jenkins.plugins.gputraining.runner.cli.CliErrors;
import io.jenkins.plugins.gputraining.agent.server.ApiTokens;
import io.jenkins.plugins.gputraining.agent.server.ServerConfig;
import io.jenkins.plugins.gputraining.agent.server.ServiceProcess;
import io.jenkins.plugins.gputraining.agent.server.TrainingServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve --runs DIR}: the HTTP API, WebSocket streams and dashboard of a runs directory. */
@Command(name = "serve", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serves a runs directory over HTTP: the JSON API (/api/training…), live WebSocket streams, "
                + "downloads, analytics and the dashboard at /.",
                "Reads are open on the loopback address; starting, pausing, resuming and cancelling jobs need a "
                + "bearer token (--token-file)."},
        footer = {"", "Examples:", "  java -jar gpu-training-agent.jar serve --runs runs",
                "  java -jar gpu-training-agent.jar serve --runs runs --token-file /etc/gpu-training/tokens "
                        + "--job-user trainer --allow-command 'python3 train\\.py.*'",
                "", "See docs/rest-api.md for the endpoints and its \"Security model\" for who can do what."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--runs", required = true, paramLabel = "DIR",
            description = "The runs directory to serve (created when missing); nothing outside it is served.")
    private Path runs;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServerConfig.DEFAULT_BIND_ADDRESS,
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Another address exposes the reads "
                    + "(runs, analytics, logs, checkpoints) to whoever reaches it: add --read-token-required.")
    private String bind;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Bearer tokens, one a line: name:token or name:token:admin ('#' starts a comment); "
                    + "chmod 600. The only place tokens are read from.")
    private Path tokenFile;

    @Option(names = "--allow-command", paramLabel = "REGEX",
            description = "Only start commands whose command line (arguments joined by spaces) matches this regex "
                    + "entirely (repeatable; default: any command).")
    private List<String> allowedCommands = new ArrayList<>();

    @Option(names = "--allow-workdir", paramLabel = "DIR",
            description = "A folder a started run may name as its absolute working_dir, and whose checkpoints may be "
                    + "downloaded (repeatable; default: only each run's own workspace inside --runs).")
    private List<Path> allowedWorkingDirectories = new ArrayList<>();

    @Option(names = "--read-token-required",
            description = "Require a token for reads (GET and the stream) too.")
    private boolean readTokenRequired;

    @Option(names = "--job-user", paramLabel = "USER",
            description = "Run the training commands of started jobs as this unprivileged account (serve must run "
                    + "as root; it starts them with setpriv). Without it, a root service refuses to start jobs.")
    private String jobUser;

    @Option(names = "--allow-env", paramLabel = "REGEX",
            description = "With --allow-command: a variable name (regex, matched entirely) a request's env may set, "
                    + "besides CUDA_VISIBLE_DEVICES, WANDB_MODE and OMP_NUM_THREADS (repeatable).")
    private List<String> allowedEnvironment = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "A host name the service answers to in the Host header, besides IP addresses and "
                    + "localhost (repeatable), e.g. the name clients reach a --bind 0.0.0.0 service by.")
    private List<String> allowedHosts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        // Jetty's and Javalin's start/stop chatter would bury the one line that matters.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Before any secret is read: processes of the same user (jobs among them) cannot read this one's memory or
        // /proc/<pid>/environ from now on.
        if (!ServiceProcess.makeNonDumpable()) {
            err.println("WARNING: cannot make the service non-dumpable (prctl); processes of the same user may read "
                    + "its memory.");
        }
        if (System.getenv(ApiTokens.ENVIRONMENT_VARIABLE) != null) {
            err.println("error: " + ApiTokens.ENVIRONMENT_VARIABLE + " is set, but serve no longer reads tokens from "
                    + "the environment (processes of the same user can read it, and children inherit it): put the "
                    + "tokens in a file (one name:token[:admin] a line, chmod 600), pass --token-file FILE, and unset "
                    + ApiTokens.ENVIRONMENT_VARIABLE);
            return CliErrors.BAD_INPUT;
        }
        ApiTokens tokens;
        List<Pattern> patterns = new ArrayList<>();
        List<Pattern> environmentPatterns = new ArrayList<>();
        try {
            tokens = tokenFile == null ? ApiTokens.none() : ApiTokens.fromFile(tokenFile);
            for (String regex : allowedCommands) {
                patterns.add(Pattern.compile(regex));
            }
            for (String regex : allowedEnvironment) {
                environmentPatterns.add(Pattern.compile(regex));
            }
        }
        catch (PatternSyntaxException e) {
            err.println("error: bad --allow-command or --allow-env regex: " + e.getMessage());
            return CliErrors.BAD_INPUT;
        }
        catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return CliErrors.BAD_INPUT;
        }
        if (port < 0 || port > 65535) {
            err.println("error: --port must be between 0 and 65535");
            return CliErrors.BAD_INPUT;
        }
        warnAboutTokenFile(err);
        ServerConfig.Builder config = ServerConfig.builder(runs.toAbsolutePath().normalize()).bindAddress(bind)
                .port(port).tokens(tokens).readTokenRequired(readTokenRequired).jobUser(jobUser);
        patterns.forEach(config::allowCommand);
        environmentPatterns.forEach(config::allowEnvironment);
        allowedHosts.forEach(config::allowHost);
        allowedWorkingDirectories.forEach(directory -> config.allowWorkingDirectory(directory.toAbsolutePath()));

        TrainingServer server;
        try {
            server = TrainingServer.start(config.build());
        }
        catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Thread stopper = new Thread(server::close, "gpu-training-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        err.println("Serving " + server.runsDirectory() + " at " + server.url());
        if (tokens.isEmpty()) {
            err.println("No API tokens: reads only. To start, pause, resume and cancel jobs, restart with "
                    + "--token-file FILE (lines name:token[:admin]).");
        }
        else {
            err.println("Tokens: " + String.join(", ", tokens.names()));
        }
        if (!isLoopback(bind) && !readTokenRequired) {
            err.println("WARNING: listening on " + bind + " without --read-token-required: anyone who reaches this "
                    + "address can read the runs, their logs and checkpoints.");
        }
        if (jobUser != null) {
            err.println("Jobs run their training commands as " + jobUser + ".");
        }
        else if (ServiceProcess.isRoot() && !tokens.isEmpty()) {
            err.println("WARNING: running as root without --job-user: starting jobs is refused (they would run as "
                    + "root); pass --job-user USER to start them as that account.");
        }
        else if (!tokens.isEmpty()) {
            err.println("Jobs run as this service's user: they can read its token file. Use --job-user (as root) "
                    + "to keep tokens from jobs; see docs/rest-api.md, \"Security model\".");
        }
        err.println("Press Ctrl-C to stop (jobs started here keep running).");
        server.awaitStop();
        return 0;
    }

    private void warnAboutTokenFile(final PrintStream err) {
        if (tokenFile == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(tokenFile);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                err.println("WARNING: " + tokenFile + " is readable by other users; chmod 600 it.");
            }
        }
        catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to say.
        }
    }

    private static boolean isLoopback(final String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            return false;
        }
    }
}
