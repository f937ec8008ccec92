package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Downloads: a run's artifacts ({@code GET /api/training/{id}/download/{artifact}}) and its checkpoints
 * ({@code …/download/checkpoint/{name}}); files with Range support (206 and Content-Range), a checkpoint directory
 * as a zip streamed as it is written. Every path is resolved to its real path and must stay inside the run's own
 * folders: the run directory, and the working directory the service gave a run it started ({@link RunOwner}),
 * never one a progress.json names elsewhere. Files are then opened without following links ({@link ConfinedFiles}),
 * links that lead out are refused (and left out of zips). A zip's entry names are made safe for any unzip tool
 * ({@link #entryName}) and a directory is zipped only up to the service's limit ({@link ServerConfig#maxZipBytes()},
 * {@value #MAX_ZIP_ENTRIES} entries).
 */
final class DownloadRoutes {
    /** The artifacts and their content types. */
    static final Map<String, String> ARTIFACTS = artifacts();
    /** The most entries (files and folders) a checkpoint zip may have. */
    static final int MAX_ZIP_ENTRIES = 100_000;
    /** The deepest a checkpoint directory is followed into. */
    private static final int MAX_ZIP_DEPTH = 64;

    private final RunsDirectory runs;
    private final List<Path> allowedWorkingDirectories;
    private final long maxZipBytes;

    DownloadRoutes(final RunsDirectory runs, final List<Path> allowedWorkingDirectories, final long maxZipBytes) {
        this.runs = runs;
        this.allowedWorkingDirectories = allowedWorkingDirectories;
        this.maxZipBytes = maxZipBytes;
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
            throw ApiRequestException.notFound("unknown artifact \"" + PrintableText.printable(artifact) + "\"; expected one of "
                    + String.join(", ", List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
                    ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE, ProgressFormat.OUTPUT_FILE))
                    + ", or checkpoint/<name>");
        }
        String what = "artifact \"" + artifact + "\" of run \"" + run.id() + "\"";
        Path file = RunsDirectory.requireInside(run.path().resolve(artifact), List.of(run.path()), what);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiRequestException.notFound(what + " is not a file");
        }
        sendFile(ctx, open(run.path(), file, what), contentType, run.id() + "-" + artifact);
    }

    private void checkpoint(final Context ctx) throws IOException {
        RunsDirectory.Run run = runs.require(ctx.pathParam("id"));
        String name = ctx.pathParam("name");
        requirePlainName(name, "checkpoint name");
        ProgressSnapshot progress = runs.progress(run);
        Checkpoint checkpoint = progress.checkpoints().stream().filter(one -> name.equals(one.name())).findFirst()
                .orElseThrow(() -> ApiRequestException.notFound("run \"" + run.id() + "\" has no checkpoint named \""
                        + PrintableText.printable(name) + "\"; its checkpoints: " + (progress.checkpoints().isEmpty() ? "none"
                        : String.join(", ", progress.checkpoints().stream().map(Checkpoint::name).toList()))));
        if (checkpoint.path() == null || checkpoint.path().isBlank()) {
            throw ApiRequestException.notFound("checkpoint \"" + name + "\" of run \"" + run.id() + "\" has no path");
        }
        Folders folders = folders(run, progress);
        String what = "checkpoint \"" + name + "\" of run \"" + run.id() + "\"";
        Path real;
        try {
            real = RunsDirectory.requireInside(folders.base().resolve(checkpoint.path()), folders.roots(), what);
        }
        catch (java.nio.file.InvalidPathException e) {
            throw ApiRequestException.notFound(what + " has a path that is not one: "
                    + PrintableText.printable(checkpoint.path()));
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (java.nio.file.NoSuchFileException e) {
            throw ApiRequestException.notFound(what + " does not exist");
        }
        if (attributes.isDirectory()) {
            sendZip(ctx, real, folders.roots(), name, what);
        }
        else if (attributes.isRegularFile()) {
            sendFile(ctx, open(rootOf(real, folders.roots()), real, what), "application/octet-stream", name);
        }
        else {
            throw ApiRequestException.notFound(what + " is neither a file nor a directory");
        }
    }

    /**
     * A run's own folders.
     *
     * @param roots where its files may be served from: the run directory, and the working directory the service
     *         gave it when that lies elsewhere (an {@code --allow-workdir} folder)
     * @param base what a checkpoint's path is relative to
     */
    private record Folders(List<Path> roots, Path base) {
    }

    /**
     * Where a run's checkpoints may be served from. A progress.json can be written by the job itself, so its
     * {@code working_dir} is trusted only inside the run directory; a run the service started has its working
     * directory recorded by the service ({@link RunOwner}), which counts when it still lies in the run directory or
     * an allowed workspace.
     */
    private Folders folders(final RunsDirectory.Run run, final ProgressSnapshot progress) {
        RunOwner owner = RunOwner.read(run.path());
        boolean recordedByService = owner != null && owner.workingDirectory() != null;
        Path working = realOrNull(recordedByService ? owner.workingDirectory() : progress.workingDirectory());
        if (working == null) {
            return new Folders(List.of(run.path()), run.path());
        }
        if (recordedByService && !working.startsWith(run.path())
                && allowedWorkingDirectories.stream().anyMatch(working::startsWith)) {
            return new Folders(List.of(run.path(), working), working);
        }
        // Paths are relative to the working directory, but only what lies in the run directory is served: a
        // working_dir elsewhere (another run's workspace, say) opens nothing.
        return new Folders(List.of(run.path()), working);
    }

    private static Path realOrNull(final String path) {
        if (path == null) {
            return null;
        }
        try {
            return Path.of(path).toRealPath();
        }
        catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The root a real path lies in (the deepest one, when they nest). */
    private static Path rootOf(final Path real, final List<Path> roots) {
        Path found = null;
        for (Path root : roots) {
            if (real.startsWith(root) && (found == null || root.getNameCount() > found.getNameCount())) {
                found = root;
            }
        }
        if (found == null) {
            throw ApiRequestException.forbidden("a file resolves outside the run's directories; it is not served");
        }
        return found;
    }

    /** Opens a checked file without following links; a link swapped in meanwhile is a 403. */
    private static SeekableByteChannel open(final Path root, final Path real, final String what) throws IOException {
        try {
            return ConfinedFiles.openFile(root, real);
        }
        catch (ConfinedFiles.ChangedException e) {
            throw ApiRequestException.forbidden(what + " changed into a link while being opened; it is not served");
        }
    }

    private static void requirePlainName(final String name, final String what) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c < 0x20)) {
            throw ApiRequestException.badRequest("bad " + what + " \"" + PrintableText.printable(name) + "\": path traversal is "
                    + "refused; a " + what + " is a plain file name");
        }
    }

    private static void sendFile(final Context ctx, final SeekableByteChannel opened, final String contentType,
                                 final String filename) throws IOException {
        try (SeekableByteChannel channel = opened) {
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
            copy(channel, start, length, out);
            out.flush();
        }
    }

    /** Copies {@code length} bytes from {@code start} (fewer when the file is shorter). */
    private static long copy(final SeekableByteChannel channel, final long start, final long length,
                             final OutputStream out) throws IOException {
        WritableByteChannel target = Channels.newChannel(out);
        long position = start;
        long end = start + length;
        if (channel instanceof FileChannel file) {
            while (position < end) {
                long sent = file.transferTo(position, end - position, target);
                if (sent <= 0) {
                    break;
                }
                position += sent;
            }
            return position - start;
        }
        channel.position(start);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int read = channel.read(buffer);
            if (read <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            position += read;
        }
        return position - start;
    }

    /**
     * A zip entry's name for a file name: characters that some unzip tools take for a path separator, a drive or a
     * device ({@code \ : * ? " < > |}) and control characters become {@code _}, so {@code ..\..\evil.bat} cannot
     * climb out of the folder it is unzipped to.
     */
    static String entryName(final String fileName) {
        StringBuilder safe = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            safe.append(c < 0x20 || c == 0x7f || "\\/:*?\"<>|".indexOf(c) >= 0 ? '_' : c);
        }
        String name = safe.toString();
        return name.equals(".") || name.equals("..") || name.isEmpty() ? name.replace('.', '_') + "_" : name;
    }

    /** What a zip visit sees: folders and files with their entry names (relative, safe), in name order. */
    private interface ZipVisitor {
        void folder(String entry) throws IOException;

        void file(String entry, long size, ChannelOpener opener) throws IOException;
    }

    private interface ChannelOpener {
        SeekableByteChannel open() throws IOException;
    }

    private void sendZip(final Context ctx, final Path directory, final List<Path> roots, final String name,
                         final String what) throws IOException {
        String prefix = entryName(name) + "/";
        long[] totals = new long[2];
        visit(directory, roots, prefix, what, new ZipVisitor() {
            @Override
            public void folder(final String entry) {
                count(1, 0);
            }

            @Override
            public void file(final String entry, final long size, final ChannelOpener opener) {
                count(1, size);
            }

            private void count(final int entries, final long bytes) {
                totals[0] += entries;
                totals[1] += bytes;
                if (totals[0] > MAX_ZIP_ENTRIES || totals[1] > maxZipBytes) {
                    throw ApiRequestException.forbidden(what + " is a directory too big to zip: it holds more than "
                            + (totals[0] > MAX_ZIP_ENTRIES ? MAX_ZIP_ENTRIES + " files and folders"
                            : maxZipBytes + " bytes") + ", the service's limit for a zip download");
                }
            }
        });
        ctx.disableCompression();
        ctx.status(200).contentType("application/zip").header("Content-Disposition", ApiExchange.attachment(name + ".zip"));
        long[] written = new long[1];
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(ctx.outputStream(), 64 * 1024))) {
            // Checkpoints are mostly incompressible weights: favour speed.
            zip.setLevel(Deflater.BEST_SPEED);
            visit(directory, roots, prefix, what, new ZipVisitor() {
                @Override
                public void folder(final String entry) throws IOException {
                    zip.putNextEntry(new ZipEntry(entry));
                    zip.closeEntry();
                }

                @Override
                public void file(final String entry, final long size, final ChannelOpener opener) throws IOException {
                    zip.putNextEntry(new ZipEntry(entry));
                    try (SeekableByteChannel channel = opener.open()) {
                        // A file that grew since it was measured is cut at the limit, and the zip left broken.
                        long room = maxZipBytes - written[0];
                        written[0] += copy(channel, 0, Math.min(channel.size(), room + 1), zip);
                        if (written[0] > maxZipBytes) {
                            throw new IOException(what + " grew past the zip limit of " + maxZipBytes
                                    + " bytes while being sent");
                        }
                    }
                    zip.closeEntry();
                }
            });
        }
    }

    private static void visit(final Path directory, final List<Path> roots, final String prefix, final String what,
                              final ZipVisitor visitor) throws IOException {
        SecureDirectoryStream<Path> opened;
        try {
            opened = ConfinedFiles.openDirectory(rootOf(directory, roots), directory);
        }
        catch (ConfinedFiles.ChangedException e) {
            throw ApiRequestException.forbidden(what + " changed into a link while being opened; it is not served");
        }
        if (opened == null) {
            throw new IOException("this platform cannot open folders without following links; " + what
                    + " is not zipped");
        }
        try (SecureDirectoryStream<Path> folder = opened) {
            visitor.folder(prefix);
            visitFolder(folder, directory, prefix, roots, visitor, 0);
        }
    }

    private static void visitFolder(final SecureDirectoryStream<Path> folder, final Path realFolder,
                                    final String prefix, final List<Path> roots, final ZipVisitor visitor,
                                    final int depth) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path child : folder) {
            names.add(child.getFileName());
        }
        names.sort(null);
        for (Path name : names) {
            String entry = prefix + entryName(name.toString());
            BasicFileAttributes attributes;
            try {
                attributes = folder.getFileAttributeView(name, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
            }
            catch (IOException e) {
                continue;
            }
            if (attributes.isSymbolicLink()) {
                // A link is followed only to a regular file inside the run's folders, opened without links.
                Path target;
                try {
                    target = RunsDirectory.requireInside(realFolder.resolve(name), roots, "link");
                }
                catch (ApiRequestException e) {
                    continue;
                }
                if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    Path root = rootOf(target, roots);
                    visitor.file(entry, Files.size(target), () -> ConfinedFiles.openFile(root, target));
                }
            }
            else if (attributes.isDirectory()) {
                if (depth >= MAX_ZIP_DEPTH) {
                    continue;
                }
                SecureDirectoryStream<Path> child;
                try {
                    child = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
                }
                catch (IOException e) {
                    continue;
                }
                try (child) {
                    visitor.folder(entry + "/");
                    visitFolder(child, realFolder.resolve(name), entry + "/", roots, visitor, depth + 1);
                }
            }
            else if (attributes.isRegularFile()) {
                visitor.file(entry, attributes.size(), () -> folder.newByteChannel(name,
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
            }
            // Special files (FIFOs, devices, sockets) are left out.
        }
    }
}
