package io.jenkins.plugins.gputraining.runner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.gputraining.model.progress.Checkpoint;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds checkpoints the trainer saves under its working directory: by default HuggingFace {@code checkpoint-N}
 * directories and {@code *.ckpt}, {@code *.safetensors}, {@code *.pt}, {@code *.pth} files; or what a glob names. A
 * checkpoint is reported once, when its size stopped changing between two scans (so a half-written one is not), and
 * only if it did not exist when the run started.
 */
final class CheckpointScanner {
    private static final int MAX_DEPTH = 5;
    private static final Pattern HF_DIRECTORY = Pattern.compile("checkpoint-(\\d+)");
    private static final Pattern STEP_IN_NAME = Pattern.compile("(?:checkpoint|step|iter|global_step)[=_-]?(\\d+)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> SKIPPED = Set.of("node_modules", "site-packages", "__pycache__", "wandb",
            "mlruns");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final Path runDirectory;
    private final PathMatcher glob;
    private final Set<Path> known = new HashSet<>();
    private final Map<Path, Long> pending = new HashMap<>();

    CheckpointScanner(final Path root, final Path runDirectory, final String glob) {
        this.root = root.toAbsolutePath().normalize();
        this.runDirectory = runDirectory.toAbsolutePath().normalize();
        this.glob = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        known.addAll(candidates().keySet());
    }

    /**
     * A scanner for an agent attaching to a run: checkpoints the run recorded already, or that were last changed
     * before it started, are known; those saved while no agent recorded the run are reported.
     *
     * @param recorded the paths (relative to the working directory) of the checkpoints progress.json lists
     */
    static CheckpointScanner attaching(final Path root, final Path runDirectory, final String glob,
                                       final Set<String> recorded, final java.time.Instant runStartedAt) {
        CheckpointScanner scanner = new CheckpointScanner(root, runDirectory, glob);
        scanner.known.removeIf(path -> {
            if (recorded.contains(scanner.root.relativize(path).toString())) {
                return false;
            }
            try {
                return !Files.getLastModifiedTime(path).toInstant().isBefore(runStartedAt);
            }
            catch (IOException e) {
                return false;
            }
        });
        return scanner;
    }

    /** The checkpoints that completed since the last scan, oldest first. */
    List<Checkpoint> scan(final double now) {
        List<Checkpoint> found = new ArrayList<>();
        Map<Path, Long> candidates = candidates();
        for (Map.Entry<Path, Long> candidate : candidates.entrySet()) {
            Path path = candidate.getKey();
            if (known.contains(path)) {
                continue;
            }
            Long previous = pending.put(path, candidate.getValue());
            if (previous != null && previous.equals(candidate.getValue())) {
                pending.remove(path);
                known.add(path);
                found.add(describe(path, candidate.getValue(), now));
            }
        }
        pending.keySet().retainAll(candidates.keySet());
        found.sort((a, b) -> compareSteps(a.step(), b.step()));
        return found;
    }

    /** Everything that looks like a checkpoint now, with its size (a directory's total). */
    private Map<Path, Long> candidates() {
        Map<Path, Long> candidates = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return candidates;
        }
        try {
            Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (dir.equals(runDirectory) || !dir.equals(root) && (name.startsWith(".") || SKIPPED.contains(name))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(root) && isCheckpointDirectory(dir, name)) {
                        candidates.put(dir, size(dir));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && isCheckpointFile(file)) {
                        candidates.put(file, attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            // A directory that vanished mid-walk: the next scan sees the new state.
        }
        return candidates;
    }

    private boolean isCheckpointDirectory(final Path dir, final String name) {
        if (name.endsWith(".tmp")) {
            return false;
        }
        return glob == null ? HF_DIRECTORY.matcher(name).matches() : glob.matches(root.relativize(dir));
    }

    private boolean isCheckpointFile(final Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tmp") || name.endsWith(".partial")) {
            return false;
        }
        if (glob != null) {
            return glob.matches(root.relativize(file));
        }
        return name.endsWith(".ckpt") || name.endsWith(".safetensors") || name.endsWith(".pt")
                || name.endsWith(".pth");
    }

    private static long size(final Path dir) {
        AtomicLong total = new AtomicLong();
        try (var files = Files.walk(dir)) {
            files.forEach(file -> {
                try {
                    if (Files.isRegularFile(file)) {
                        total.addAndGet(Files.size(file));
                    }
                }
                catch (IOException e) {
                    // Gone while counting: the size changes, so the checkpoint waits for the next scan.
                    total.addAndGet(-1);
                }
            });
        }
        catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
        return total.get();
    }

    private Checkpoint describe(final Path path, final long size, final double now) {
        String name = path.getFileName().toString();
        Long step = null;
        Double best = null;
        Path state = path.resolve("trainer_state.json");
        if (Files.isRegularFile(state)) {
            try {
                JsonNode json = JSON.readTree(state.toFile());
                if (json.hasNonNull("global_step")) {
                    step = json.get("global_step").asLong();
                }
                if (json.hasNonNull("best_metric") && json.get("best_metric").isNumber()) {
                    best = json.get("best_metric").asDouble();
                }
            }
            catch (IOException e) {
                // An unreadable state file leaves step and metric to the name.
            }
        }
        if (step == null) {
            Matcher matcher = STEP_IN_NAME.matcher(name);
            if (matcher.find()) {
                step = Long.parseLong(matcher.group(1));
            }
        }
        return new Checkpoint(name, root.relativize(path).toString(), step, now, size < 0 ? null : size, best);
    }

    private static int compareSteps(final Long a, final Long b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return Long.compare(a, b);
    }
}
