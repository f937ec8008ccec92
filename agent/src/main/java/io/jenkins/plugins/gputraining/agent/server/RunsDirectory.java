package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.index.RunIndexCache;
import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.jenkins.plugins.gputraining.model.progress.ProgressException;
import io.jenkins.plugins.gputraining.model.progress.ProgressFormat;
import io.jenkins.plugins.gputraining.model.progress.ProgressSnapshot;
import io.jenkins.plugins.gputraining.model.progress.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs directory the service serves: job ids, the run directories they name, and the containment checks that
 * keep every file the service reads inside it. A job id is the name of its run directory. Run directories are
 * addressed by their real paths, so a link that leads out of the runs directory is never followed.
 */
final class RunsDirectory {
    /** What a job id may be: it names a directory, so no separators, and not {@code .} or {@code ..}. */
    static final Pattern JOB_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}");
    static final String JOB_ID_RULE = "a run id is 1 to 64 of A-Z a-z 0-9 . _ - (and not . or ..)";

    private final Path root;
    private final RunIndexes indexes;
    private final Map<Path, CachedProgress> progress = new ConcurrentHashMap<>();

    /** A run directory of the service, by id. */
    record Run(String id, RunDirectory directory) {
        Path path() {
            return directory.path();
        }
    }

    private record CachedProgress(long size, long modified, Object fileKey, byte[] content,
                                  ProgressSnapshot snapshot) {
    }

    /**
     * @param root the runs directory, which must exist
     * @param indexes the service's run indexes
     */
    RunsDirectory(final Path root, final RunIndexes indexes) throws IOException {
        this.root = root.toRealPath();
        this.indexes = indexes;
    }

    /** The real path of the runs directory. */
    Path root() {
        return root;
    }

    /** The run indexes: analytics, summaries and series of the runs (docs/performance.md, "Run index"). */
    RunIndexCache cache() {
        return indexes.cache();
    }

    RunIndexes indexes() {
        return indexes;
    }

    /**
     * Checks a job id's syntax.
     *
     * @throws ApiRequestException 400 naming the id and the rule
     */
    static String requireValidId(final String id) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw ApiRequestException.badRequest("bad run id \"" + PrintableText.printable(id) + "\": " + JOB_ID_RULE);
        }
        return id;
    }

    static boolean isValidId(final String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    /**
     * The run with this id.
     *
     * @throws ApiRequestException 400 for a malformed id, 404 when there is no such run, 403 when its directory is a link
     *         out of the runs directory
     */
    Run require(final String id) {
        requireValidId(id);
        Path candidate = root.resolve(id);
        if (!RunDirectory.isRunDirectory(candidate)) {
            throw ApiRequestException.notFound("no run \"" + id + "\" in the runs directory");
        }
        Path real;
        try {
            real = candidate.toRealPath();
        }
        catch (IOException e) {
            throw ApiRequestException.notFound("no run \"" + id + "\" in the runs directory");
        }
        if (!real.startsWith(root) || real.equals(root)) {
            throw ApiRequestException.forbidden("run \"" + id + "\" is a link out of the runs directory; it is not served");
        }
        String escaping = escapingFile(real);
        if (escaping != null) {
            throw ApiRequestException.forbidden("run \"" + id + "\": " + escaping + " is a link out of its run directory; "
                    + "the run is not served");
        }
        return new Run(id, RunDirectory.at(real));
    }

    /** The files the model reads for analytics and the stream; a link among them must not lead elsewhere. */
    private static final List<String> RUN_FILES = List.of(ProgressFormat.PROGRESS_FILE, ProgressFormat.METRICS_FILE,
            ProgressFormat.TELEMETRY_FILE, ProgressFormat.EVENTS_FILE);

    /** The name of a run file that resolves outside the run directory, or {@code null} when none does. */
    private static String escapingFile(final Path realRun) {
        for (String name : RUN_FILES) {
            Path file = realRun.resolve(name);
            if (!Files.isSymbolicLink(file)) {
                continue;
            }
            try {
                if (!file.toRealPath().startsWith(realRun)) {
                    return name;
                }
            }
            catch (IOException e) {
                // A dangling link reads as a missing file.
            }
        }
        return null;
    }

    /** Whether a directory for this id exists (a run, or one being created). */
    boolean exists(final String id) {
        return Files.exists(root.resolve(id), LinkOption.NOFOLLOW_LINKS);
    }

    /** Entries whose directory changed more recently than this are not cached (timestamps are coarse). */
    private static final long RACY_MILLIS = 100;

    /**
     * A validated child of the root, valid while its directory's lstat is unchanged: listing 1,000 runs otherwise
     * costs a dozen file-system calls each per request (docs/performance.md).
     */
    private record Listed(long modified, Object fileKey, Run run) {
    }

    private final Map<String, Listed> listed = new ConcurrentHashMap<>();
    private volatile long rootModified = Long.MIN_VALUE;
    private volatile Object rootKey;
    private volatile List<String> rootNames = List.of();

    /** The run directories the service serves (valid ids, holding a progress.json, inside the root), by id. */
    List<Run> list() {
        List<String> names;
        try {
            BasicFileAttributes rootAttributes = Files.readAttributes(root, BasicFileAttributes.class);
            long modified = rootAttributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            if (modified != rootModified || !Objects.equals(rootKey, rootAttributes.fileKey())) {
                try (Stream<Path> children = Files.list(root)) {
                    names = children.map(child -> child.getFileName().toString()).sorted().toList();
                }
                rootNames = names;
                rootKey = rootAttributes.fileKey();
                rootModified = modified;
                listed.keySet().retainAll(new java.util.HashSet<>(names));
            }
            else {
                names = rootNames;
            }
        }
        catch (IOException e) {
            throw new ProgressException("cannot list the runs directory: " + e.getMessage(), e);
        }
        List<Run> runs = new ArrayList<>();
        for (String id : names) {
            if (!isValidId(id)) {
                continue;
            }
            Path child = root.resolve(id);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            catch (IOException e) {
                listed.remove(id);
                continue;
            }
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            Listed cached = listed.get(id);
            if (cached != null && cached.modified() == modified && Objects.equals(cached.fileKey(), attributes.fileKey())) {
                if (cached.run() != null) {
                    runs.add(cached.run());
                }
                continue;
            }
            Run run = null;
            if (RunDirectory.isRunDirectory(child)) {
                try {
                    Path real = child.toRealPath();
                    if (real.startsWith(root) && !real.equals(root) && escapingFile(real) == null) {
                        run = new Run(id, RunDirectory.at(real));
                    }
                }
                catch (IOException e) {
                    // Removed while listing.
                }
            }
            // A directory changed within the last moment may change again within the same timestamp tick:
            // keep such a "racily clean" entry out of the cache (as git does with its index).
            if (System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() > RACY_MILLIS) {
                listed.put(id, new Listed(modified, attributes.fileKey(), run));
            }
            else {
                listed.remove(id);
            }
            if (run != null) {
                runs.add(run);
            }
        }
        return runs;
    }

    /** The run's progress.json, parsed; re-read only when the file changed. */
    ProgressSnapshot progress(final Run run) {
        return cachedProgress(run).snapshot();
    }

    /** The run's progress.json as stored (the bytes of the snapshot {@link #progress} parsed). */
    byte[] progressBytes(final Run run) {
        return cachedProgress(run).content();
    }

    private CachedProgress cachedProgress(final Run run) {
        Path file = run.directory().file(ProgressFormat.PROGRESS_FILE);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            progress.remove(file);
            throw ApiRequestException.notFound("run \"" + run.id() + "\" has no progress.json any more");
        }
        catch (IOException e) {
            throw new ProgressException("cannot read progress.json of run \"" + run.id() + "\": " + e.getMessage(), e);
        }
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        CachedProgress cached = progress.get(file);
        if (cached != null && cached.size() == attributes.size() && cached.modified() == modified
                && Objects.equals(cached.fileKey(), attributes.fileKey())) {
            return cached;
        }
        // Bounded, and only a regular file (the model's reader: docs/progress-format.md, "Limits").
        byte[] content = run.directory().progressBytes();
        // Parsed by the model's reader (its checks and messages), from these bytes; a replacement after the stat is
        // caught next time.
        ProgressSnapshot snapshot = run.directory().parseProgress(content);
        CachedProgress fresh = new CachedProgress(attributes.size(), modified, attributes.fileKey(), content, snapshot);
        progress.put(file, fresh);
        return fresh;
    }

    /**
     * The real path of a file or directory, which must lie inside one of the given real roots.
     *
     * @param what names the thing in messages (e.g. {@code artifact "output.log"})
     * @throws ApiRequestException 404 when it does not exist, 403 when it resolves outside every root
     */
    static Path requireInside(final Path candidate, final List<Path> realRoots, final String what) {
        Path real;
        try {
            real = candidate.toRealPath();
        }
        catch (NoSuchFileException e) {
            throw ApiRequestException.notFound(what + " does not exist");
        }
        catch (IOException e) {
            throw ApiRequestException.notFound(what + " cannot be read: " + e.getClass().getSimpleName());
        }
        for (Path realRoot : realRoots) {
            if (real.startsWith(realRoot)) {
                return real;
            }
        }
        throw ApiRequestException.forbidden(what + " resolves outside the run's directories (a link or a path that "
                + "leaves them); it is not served");
    }

}
