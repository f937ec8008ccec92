package io.jenkins.plugins.gputraining;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.FilePath;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.jenkins.plugins.gputraining.fixtures.AnalyzedRuns;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import jenkins.model.ArtifactManager;
import jenkins.model.RunAction2;
import jenkins.util.VirtualFile;

/**
 * Mockito mocks of the Jenkins types the glue calls (the stubs' bodies throw), doing what the real ones do on local
 * files: a {@link FilePath} and a {@link VirtualFile} on a directory, an {@link ArtifactManager} that copies into
 * one, builds and jobs with their actions, a listener whose log a test reads. Only Jenkins types are mocked, never the
 * plugin's own classes.
 */
final class JenkinsMocks {
    private JenkinsMocks() {
    }

    /** A FilePath on a local path (the real class cannot be constructed against the stubs). */
    static FilePath local(final Path path) {
        FilePath file = mock(FilePath.class);
        try {
            when(file.getRemote()).thenReturn(path.toString());
            when(file.getName()).thenReturn(path.getFileName() == null ? "" : path.getFileName().toString());
            when(file.getParent()).thenAnswer(call -> path.getParent() == null ? null : local(path.getParent()));
            when(file.child(anyString())).thenAnswer(call -> local(path.resolve(call.<String>getArgument(0))));
            when(file.exists()).thenAnswer(call -> Files.exists(path));
            when(file.length()).thenAnswer(call -> Files.isRegularFile(path) ? Files.size(path) : 0L);
            doAnswer(call -> Files.createDirectories(path)).when(file).mkdirs();
            doAnswer(call -> {
                delete(path);
                return null;
            }).when(file).deleteRecursive();
            when(file.list(anyString(), anyString())).thenAnswer(call -> list(path, call.getArgument(0),
                    call.getArgument(1)));
            when(file.readToString()).thenAnswer(call -> Files.readString(path, StandardCharsets.UTF_8));
            when(file.write()).thenAnswer(call -> {
                Files.createDirectories(path.getParent());
                return Files.newOutputStream(path);
            });
            doAnswer(call -> Files.move(path, Path.of(call.<FilePath>getArgument(0).getRemote()),
                    StandardCopyOption.REPLACE_EXISTING)).when(file).renameTo(any());
            when(file.act(any())).thenAnswer(call -> call.<FilePath.FileCallable<?>>getArgument(0)
                    .invoke(path.toFile(), null));
            doAnswer(call -> {
                try (InputStream in = call.<URL>getArgument(0).openStream()) {
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                }
                return null;
            }).when(file).copyFrom(any());
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** A VirtualFile on a local path; {@code remote} makes its URI not a file: URI, as remote artifact storage's. */
    static VirtualFile virtual(final Path path, final boolean remote) {
        VirtualFile file = mock(VirtualFile.class);
        try {
            when(file.child(anyString())).thenAnswer(call -> virtual(path.resolve(call.<String>getArgument(0)),
                    remote));
            when(file.isFile()).thenAnswer(call -> Files.isRegularFile(path));
            when(file.toURI()).thenReturn(remote ? URI.create("s3://bucket/" + path.getFileName()) : path.toUri());
            when(file.open()).thenAnswer(call -> Files.newInputStream(path));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** An artifact manager that archives into {@code root} and reads it back. */
    static ArtifactManager artifacts(final Path root, final boolean remote) {
        ArtifactManager manager = mock(ArtifactManager.class);
        when(manager.root()).thenAnswer(call -> virtual(root, remote));
        try {
            doAnswer(call -> {
                Path base = Path.of(call.<FilePath>getArgument(0).getRemote());
                for (Map.Entry<String, String> file : call.<Map<String, String>>getArgument(3).entrySet()) {
                    Path target = root.resolve(file.getKey());
                    Files.createDirectories(target.getParent());
                    Files.copy(base.resolve(file.getValue()), target, StandardCopyOption.REPLACE_EXISTING);
                }
                return null;
            }).when(manager).archive(any(), any(), any(), anyMap());
        }
        catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return manager;
    }

    /** A job with these builds, oldest first (build numbers are their positions from 1). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Job<?, ?> job(final String name, final List<Run<?, ?>> builds) {
        Job job = mock(Job.class);
        when(job.getFullName()).thenReturn(name);
        when(job.getUrl()).thenReturn("job/" + name + "/");
        when(job.getLastBuild()).thenAnswer(call -> builds.isEmpty() ? null : builds.get(builds.size() - 1));
        when(job.getBuildByNumber(anyInt())).thenAnswer(call -> {
            int number = call.getArgument(0);
            return number >= 1 && number <= builds.size() ? builds.get(number - 1) : null;
        });
        for (int i = 0; i < builds.size(); i++) {
            Run build = builds.get(i);
            Run previous = i == 0 ? null : builds.get(i - 1);
            when(build.getPreviousBuild()).thenReturn(previous);
            when(build.getParent()).thenReturn(job);
        }
        return job;
    }

    /** A finished build whose actions can be added and looked up, with its artifacts under {@code artifacts}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Run<?, ?> build(final String jobName, final int number, final Result result, final Path artifacts) {
        Run build = mock(Run.class);
        when(build.getNumber()).thenReturn(number);
        when(build.getUrl()).thenReturn("job/" + jobName + "/" + number + "/");
        when(build.getFullDisplayName()).thenReturn(jobName + " #" + number);
        when(build.getDisplayName()).thenReturn("#" + number);
        when(build.getExternalizableId()).thenReturn(jobName + "#" + number);
        when(build.isBuilding()).thenReturn(result == null);
        when(build.getResult()).thenReturn(result);
        List<Action> actions = new ArrayList<>();
        doAnswer(call -> {
            // As the real Run.addAction: a RunAction2 learns its build.
            Action action = call.getArgument(0);
            actions.add(action);
            if (action instanceof RunAction2 runAction) {
                runAction.onAttached(build);
            }
            return null;
        }).when(build).addAction(any());
        when(build.getAction(any(Class.class))).thenAnswer(call -> actions.stream()
                .filter(call.<Class<?>>getArgument(0)::isInstance).findFirst().orElse(null));
        if (artifacts != null) {
            ArtifactManager manager = artifacts(artifacts, false);
            when(build.getArtifactManager()).thenReturn(manager);
            try {
                when(build.pickArtifactManager()).thenReturn(manager);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return build;
    }

    /** A listener whose log is {@code log}. */
    static TaskListener listener(final ByteArrayOutputStream log) {
        TaskListener listener = mock(TaskListener.class);
        when(listener.getLogger()).thenReturn(new PrintStream(log, true, StandardCharsets.UTF_8));
        return listener;
    }

    private static FilePath[] list(final Path root, final String includes, final String excludes) throws IOException {
        Pattern include = ant(includes);
        Pattern exclude = excludes == null || excludes.isBlank() ? null : ant(excludes);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                String relative = root.relativize(file).toString().replace('\\', '/');
                return include.matcher(relative).matches() && (exclude == null || !exclude.matcher(relative).matches());
            }).sorted().map(JenkinsMocks::local).toArray(FilePath[]::new);
        }
    }

    /** Ant-style patterns ({@code **}, {@code *}, {@code ?}, comma-separated) as a regular expression. */
    private static Pattern ant(final String patterns) {
        List<String> alternatives = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            StringBuilder regex = new StringBuilder();
            String text = pattern.trim();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (text.startsWith("**/", i)) {
                    regex.append("(?:.*/)?");
                    i += 2;
                }
                else if (text.startsWith("**", i)) {
                    regex.append(".*");
                    i++;
                }
                else if (c == '*') {
                    regex.append("[^/]*");
                }
                else if (c == '?') {
                    regex.append("[^/]");
                }
                else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            alternatives.add(regex.toString());
        }
        return Pattern.compile(String.join("|", alternatives));
    }

    private static void delete(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Writes {@code text} to a file, creating its folders. */
    static Path write(final Path file, final String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** An output stream that discards, for processes' output. */
    static OutputStream discard() {
        return OutputStream.nullOutputStream();
    }

    /**
     * A finished training run recorded in a build made with {@link #build}: its run directory (20 steps, loss from
     * 2.0 to {@code finalLoss}, a checkpoint {@code out/checkpoint-20}) archived under the build's artifacts, its
     * summary kept.
     */
    static TrainingRun recordedRun(final Run<?, ?> build, final Path artifacts, final String id,
                                   final double finalLoss) {
        TrainingBuildAction action = TrainingBuildAction.attach(build);
        TrainingRun run = action.allocate(id, id, "trainOnGpu", "2026-01-01T00:00:00Z");
        Path directory = artifacts.resolve("gpu-training").resolve(run.getId());
        AnalyzedRuns.completedRun(directory, run.getId(), 20, 2.0, finalLoss, 400.0, 80.0);
        run.recorded(TrainingSummary.of(AnalyzedRuns.analyze(directory)), null, List.of("out/checkpoint-20"));
        return run;
    }
}
