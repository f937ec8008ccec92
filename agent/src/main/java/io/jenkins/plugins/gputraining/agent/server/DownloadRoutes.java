package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Downloads: a run's artifacts ({@code GET /api/training/{id}/download/{artifact}}) and its checkpoints
 * ({@code …/download/checkpoint/{name}}); files with Range support (206 and Content-Range), a checkpoint directory
 * as a zip streamed as it is written. Every path is resolved to its real path and must stay inside the run
 * directory, or inside the run's working directory when that lies inside the runs directory or an allowed
 * workspace: links that lead elsewhere are refused (and left out of zips).
 */
final class DownloadRoutes {
    /** The artifacts and their content types. */
    static final Map<String, String> ARTIFACTS = artifacts();

    private final RunsDirectory runs;
    private final List<Path> allowedWorkingDirectories;

    DownloadRoutes(final RunsDirectory runs, final List<Path> allowedWorkingDirectories) {
        this.runs = runs;
        this.allowedWorkingDirectories = allowedWorkingDirectories;
    }

    private static Map<String, String> artifacts() {
        Map<String, String> artifacts = new LinkedHashMap<>();
        artifacts.put(ProgressFormat.PROGRESS_FILE, "application/json");
        artifacts.put(ProgressFormat.METRICS_FILE, "application/x-ndjson");
        artifacts.put(ProgressFormat.TELEMETRY_FILE, "application/x-ndjson");
        artifacts.put(ProgressFormat.EVENTS_FILE, "application/x-ndjson");
        artifacts.put(ProgressFormat.OUTPUT_FILE, "text/plain; charset=utf-8");
        return Map.copyOf(artifacts);
    }

    void register(final RoutesConfig routes) {
        routes.get("/api/training/{id}/download/{artifact}", this::artifact);
        routes.get("/api/training/{id}/download/checkpoint/{name}", this::checkpoint);
    }

    private void artifact(final Context ctx) throws IOException {
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        String artifact = ctx.pathParam("artifact");
        requirePlainName(artifact, "artifact");
        String contentType = ARTIFACTS.get(artifact);
        if (contentType == null) {
            throw ApiRequestException.notFound("unknown artifact \"" + RunsDirectory.printable(artifact) + "\"; expected one of "
                    + String.join(", ", List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
                    ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE, ProgressFormat.OUTPUT_FILE))
                    + ", or checkpoint/<name>");
        }
        Path file = RunsDirectory.requireInside(run.path().resolve(artifact), List.of(run.path()),
                "artifact \"" + artifact + "\" of run \"" + run.id() + "\"");
        if (!Files.isRegularFile(file)) {
            throw ApiRequestException.notFound("artifact \"" + artifact + "\" of run \"" + run.id() + "\" is not a file");
        }
        sendFile(ctx, file, contentType, run.id() + "-" + artifact);
    }

    private void checkpoint(final Context ctx) throws IOException {
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        String name = ctx.pathParam("name");
        requirePlainName(name, "checkpoint name");
        ProgressSnapshot progress = runs.progress(run);
        Checkpoint checkpoint = progress.checkpoints().stream().filter(one -> name.equals(one.name())).findFirst()
                .orElseThrow(() -> ApiRequestException.notFound("run \"" + run.id() + "\" has no checkpoint named \""
                        + RunsDirectory.printable(name) + "\"; its checkpoints: " + (progress.checkpoints().isEmpty() ? "none"
                        : String.join(", ", progress.checkpoints().stream().map(Checkpoint::name).toList()))));
        if (checkpoint.path() == null || checkpoint.path().isBlank()) {
            throw ApiRequestException.notFound("checkpoint \"" + name + "\" of run \"" + run.id() + "\" has no path");
        }
        List<Path> roots = checkpointRoots(run, progress);
        Path base = progress.workingDirectory() == null ? run.path() : Path.of(progress.workingDirectory());
        String what = "checkpoint \"" + name + "\" of run \"" + run.id() + "\"";
        Path real = RunsDirectory.requireInside(base.resolve(checkpoint.path()), roots, what);
        if (Files.isDirectory(real)) {
            sendZip(ctx, real, roots, name);
        }
        else if (Files.isRegularFile(real)) {
            sendFile(ctx, real, "application/octet-stream", name);
        }
        else {
            throw ApiRequestException.notFound(what + " is neither a file nor a directory");
        }
    }

    /**
     * Where a run's checkpoints may be served from: the run directory, and its recorded working directory when that
     * lies inside the runs directory or an allowed workspace (a progress.json cannot open up the whole disk).
     */
    private List<Path> checkpointRoots(final RunsDirectory.Run run, final ProgressSnapshot progress) {
        List<Path> roots = new ArrayList<>();
        roots.add(run.path());
        if (progress.workingDirectory() != null) {
            try {
                Path working = Path.of(progress.workingDirectory()).toRealPath();
                boolean allowed = working.startsWith(runs.root())
                        || allowedWorkingDirectories.stream().anyMatch(working::startsWith);
                if (allowed) {
                    roots.add(working);
                }
            }
            catch (IOException | RuntimeException e) {
                // Gone or not a path: the run directory alone.
            }
        }
        return roots;
    }

    private static void requirePlainName(final String name, final String what) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c < 0x20)) {
            throw ApiRequestException.badRequest("bad " + what + " \"" + RunsDirectory.printable(name) + "\": path traversal is "
                    + "refused; a " + what + " is a plain file name");
        }
    }

    private static void sendFile(final Context ctx, final Path file, final String contentType, final String filename)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteRange range = ByteRange.parse(ctx.header("Range"), size);
            ctx.disableCompression();
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("Content-Disposition", ApiExchange.attachment(filename));
            ctx.contentType(contentType);
            long start = 0;
            long length = size;
            if (range != null) {
                start = range.start();
                length = range.length();
                ctx.status(206);
                ctx.header("Content-Range", range.contentRange(size));
            }
            else {
                ctx.status(200);
            }
            ctx.res().setContentLengthLong(length);
            OutputStream out = ctx.outputStream();
            WritableByteChannel target = Channels.newChannel(out);
            long position = start;
            long end = start + length;
            while (position < end) {
                long sent = channel.transferTo(position, end - position, target);
                if (sent <= 0) {
                    break;
                }
                position += sent;
            }
            out.flush();
        }
    }

    private static void sendZip(final Context ctx, final Path directory, final List<Path> roots, final String name)
            throws IOException {
        ctx.disableCompression();
        ctx.status(200).contentType("application/zip").header("Content-Disposition", ApiExchange.attachment(name + ".zip"));
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(ctx.outputStream(), 64 * 1024))) {
            // Checkpoints are mostly incompressible weights: favour speed.
            zip.setLevel(Deflater.BEST_SPEED);
            addDirectory(zip, directory, name + "/", roots);
        }
    }

    private static void addDirectory(final ZipOutputStream zip, final Path directory, final String prefix,
                                     final List<Path> roots) throws IOException {
        zip.putNextEntry(new ZipEntry(prefix));
        zip.closeEntry();
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String entry = prefix + child.getFileName();
            BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Path source = child;
            if (attributes.isSymbolicLink()) {
                // A link is followed only when it stays inside the run's directories.
                try {
                    source = RunsDirectory.requireInside(child, roots, "link");
                }
                catch (ApiRequestException e) {
                    continue;
                }
                if (!Files.isRegularFile(source)) {
                    continue;
                }
            }
            else if (attributes.isDirectory()) {
                addDirectory(zip, child, entry + "/", roots);
                continue;
            }
            else if (!attributes.isRegularFile()) {
                continue;
            }
            zip.putNextEntry(new ZipEntry(entry));
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
    }
}
