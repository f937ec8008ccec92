package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP service of a runs directory ({@code serve}): the JSON API under {@code /api/training} (docs/rest-api.md),
 * a WebSocket stream per run, downloads, analytics, and the dashboard at {@code /}.
 *
 * <pre>
 * try (TrainingServer server = TrainingServer.start(ServerConfig.builder(Path.of("runs")).port(0).build())) {
 *     System.err.println("dashboard at " + server.url());
 *     server.awaitStop();
 * }
 * </pre>
 */
public final class TrainingServer implements AutoCloseable {
    /**
     * The Content-Security-Policy of every response: the dashboard loads only its own scripts, styles and data, and
     * connects (fetch, WebSocket) only to its own origin: {@code 'self'} covers {@code ws:}/{@code wss:} to the same
     * host and port, never another host.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'";
    /** Where the dashboard's files are on the class path. */
    static final String DASHBOARD = "/dashboard";

    private final Javalin app;
    private final ServerConfig config;
    private final RunsDirectory runs;
    private final StreamHub streams;
    private final Object stopLock = new Object();
    private boolean closing;
    private boolean stopped;

    /**
     * What the WebSocket streams are doing.
     *
     * @param watchedRuns runs with a watcher (one per run, however many clients)
     * @param clients connected clients
     * @param droppedClients clients closed so far for falling behind
     */
    public record StreamStats(int watchedRuns, int clients, long droppedClients) {
    }

    private TrainingServer(final Javalin app, final ServerConfig config, final RunsDirectory runs, final StreamHub streams) {
        this.app = app;
        this.config = config;
        this.runs = runs;
        this.streams = streams;
    }

    /**
     * Starts the service; it runs until {@link #close()}. The runs directory is created when missing.
     *
     * @throws IOException when the runs directory cannot be created, an allowed working directory does not exist,
     *         or the port cannot be bound
     */
    public static TrainingServer start(final ServerConfig config) throws IOException {
        Files.createDirectories(config.runsDirectory());
        RunsDirectory runs = new RunsDirectory(config.runsDirectory(), RunIndexes.forService());
        AccessPolicy access = new AccessPolicy(config);
        RunLauncher launcher = new RunLauncher(config, runs);
        StreamHub streams = new StreamHub(runs, config);
        boolean dashboard = TrainingServer.class.getResource(DASHBOARD + "/index.html") != null;
        Javalin app = Javalin.create(javalin -> configure(javalin, config, runs, access, launcher, streams,
                dashboard));
        try {
            app.start();
        }
        catch (RuntimeException e) {
            streams.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
                    + "; choose another --port (0 picks a free one) or --bind address", e);
        }
        return new TrainingServer(app, config, runs, streams);
    }

    private static void configure(final JavalinConfig javalin, final ServerConfig config, final RunsDirectory runs,
                                  final AccessPolicy access, final RunLauncher launcher, final StreamHub streams,
                                  final boolean dashboard) {
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        javalin.jetty.host = config.bindAddress();
        javalin.jetty.port = config.port();
        javalin.http.maxRequestSize = config.maxBodyBytes();
        javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        javalin.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setIdleTimeout(Duration.ofMinutes(5));
            factory.setMaxTextMessageSize(64 * 1024);
        });
        if (dashboard) {
            javalin.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = DASHBOARD;
                files.location = Location.CLASSPATH;
            });
        }

        RoutesConfig routes = javalin.routes;
        ErrorResponses.register(routes, runs.root());
        routes.before(ctx -> {
            securityHeaders(ctx);
            access.checkHost(ctx);
            if (ctx.path().startsWith("/api/") && !ctx.path().equals("/api/health")
                    && ctx.method() != HandlerType.POST) {
                access.requireReader(ctx, false);
            }
        });
        routes.get("/api/health", ctx -> {
            ObjectNode health = ApiExchange.JSON.createObjectNode();
            health.put("status", "ok");
            health.put("version", version());
            ApiExchange.json(ctx, 200, health.toString());
        });
        if (!dashboard) {
            routes.get("/", TrainingServer::pointer);
        }
        new RunRoutes(runs, access, launcher, config).register(routes);
        new ControlRoutes(runs, access, config).register(routes);
        new AnalyticsRoutes(runs).register(routes);
        new DownloadRoutes(runs, launcher.allowedWorkingDirectories(), config.maxZipBytes()).register(routes);

        routes.wsBeforeUpgrade("/api/training/{id}/stream", ctx -> {
            securityHeaders(ctx);
            access.checkHost(ctx);
            access.checkOrigin(ctx);
            access.requireReader(ctx, true);
            runs.require(ctx.pathParam("id"));
        });
        routes.ws("/api/training/{id}/stream", ws -> {
            ws.onConnect(streams::connect);
            ws.onClose(streams::disconnect);
            ws.onError(streams::disconnect);
        });
    }

    private static void securityHeaders(final Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static void pointer(final Context ctx) {
        ObjectNode pointer = ApiExchange.JSON.createObjectNode();
        pointer.put("service", "gpu-training");
        pointer.put("message", "the dashboard is not part of this build; the JSON API is under /api/training");
        ObjectNode links = pointer.putObject("links");
        for (Map.Entry<String, String> link : Map.of("health", "/api/health", "jobs", "/api/training",
                "summary", "/api/training/analytics/summary").entrySet()) {
            links.put(link.getKey(), link.getValue());
        }
        ApiExchange.json(ctx, 200, pointer.toString());
    }

    /** The agent's version (from the jar manifest), or "development" when run from classes. */
    static String version() {
        String version = TrainingServer.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** The port the service listens on (the one picked, when configured with 0). */
    public int port() {
        return app.port();
    }

    /** The service's base URL, e.g. {@code http://127.0.0.1:8000/}. */
    public String url() {
        String host = config.bindAddress();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/";
    }

    /** The runs directory served (its real path). */
    public Path runsDirectory() {
        return runs.root();
    }

    public ServerConfig config() {
        return config;
    }

    /** What the WebSocket streams are doing (for monitoring and tests). */
    public StreamStats streamStats() {
        return streams.stats();
    }

    /** Blocks until {@link #close()} is called (from another thread, or a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        synchronized (stopLock) {
            while (!stopped) {
                stopLock.wait();
            }
        }
    }

    /** Stops the service: closes the streams and the listener. Jobs it started go on (they are separate processes). */
    @Override
    public void close() {
        synchronized (stopLock) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            streams.close();
            app.stop();
            runs.indexes().close();
        }
        finally {
            synchronized (stopLock) {
                stopped = true;
                stopLock.notifyAll();
            }
        }
    }
}
