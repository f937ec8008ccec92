package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds fake-nvml.c (a stand-in libnvidia-ml written from nvml.h) with the system C compiler and steers it, so
 * the binding runs through JNA for real without a GPU. Tests that need it are skipped where no compiler exists.
 */
public final class FakeNvml {
    /** Compiler flags of the library variants, see fake-nvml.c. */
    public enum Variant {
        CURRENT(), NO_V3("-DNO_V3"), OLD_NAMES("-DOLD_NAMES"), INIT_FAILS("-DINIT_FAILS"), NO_INIT_V2("-DNO_INIT_V2");

        private final List<String> flags;

        Variant(final String... flags) {
            this.flags = List.of(flags);
        }
    }

    private static final Map<Variant, Path> BUILT = new ConcurrentHashMap<>();
    private static Path directory;

    private final NativeLibrary library;
    private final Path path;

    private FakeNvml(final Path path) {
        this.path = path;
        this.library = NativeLibrary.getInstance(path.toString());
    }

    /** The variant, built once per JVM (a loaded library must not be rewritten); skips the test without cc. */
    public static FakeNvml of(final Variant variant) {
        Optional<String> compiler = compiler();
        assumeThat(compiler).as("a C compiler (cc or gcc) to build the fake libnvidia-ml").isPresent();
        Path built = BUILT.computeIfAbsent(variant, v -> build(compiler.get(), v));
        FakeNvml fake = new FakeNvml(built);
        fake.reset();
        return fake;
    }

    public Path path() {
        return path;
    }

    List<String> libraryNames() {
        return List.of(path.toString());
    }

    NvmlSession open() {
        NvmlOpenResult result = Nvml.open(libraryNames());
        if (result instanceof NvmlOpenResult.Available available) {
            return available.session();
        }
        throw new AssertionError("fake NVML did not open: " + result);
    }

    void reset() {
        library.getFunction("fake_reset").invokeVoid(new Object[0]);
    }

    int calls(final String function) {
        return library.getFunction("fake_calls").invokeInt(new Object[] {function});
    }

    int initCount() {
        return library.getFunction("fake_init_count").invokeInt(new Object[0]);
    }

    /** The next {@code times} calls (-1: all) of the function on the GPU answer the code. */
    void fail(final String function, final int gpu, final NvmlReturn code, final int times) {
        int result = library.getFunction("fake_fail").invokeInt(new Object[] {function, gpu, code.code(), times});
        if (result != 0) {
            throw new IllegalArgumentException("fake_fail(" + function + ", " + gpu + ")");
        }
    }

    void processes(final int gpu, final int[] pids, final long[] usedBytes) {
        library.getFunction("fake_set_processes").invokeInt(new Object[] {gpu, pids.length, pids, usedBytes});
    }

    void growOnce(final int gpu) {
        library.getFunction("fake_grow_once").invokeInt(new Object[] {gpu});
    }

    void clockEventReasons(final int gpu, final long mask) {
        library.getFunction("fake_set_reasons").invokeInt(new Object[] {gpu, mask});
    }

    private static Optional<String> compiler() {
        for (String name : List.of("cc", "gcc", "clang")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static synchronized Path build(final String compiler, final Variant variant) {
        try {
            if (directory == null) {
                Path target = Path.of("target");
                Files.createDirectories(target);
                directory = Files.createTempDirectory(target.toAbsolutePath(), "fake-nvml-");
            }
            // Not named libnvidia-ml.so.1: JNA caches loaded libraries under their file name too, and the
            // no-driver tests in the same JVM must not find a fake under the real name.
            Path output = directory.resolve("libfake-nvml-" + variant.name().toLowerCase() + ".so");
            List<String> command = new ArrayList<>(List.of(compiler, "-shared", "-fPIC", "-O1", "-o",
                    output.toString()));
            command.addAll(variant.flags);
            command.add(source().toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("building the fake NVML failed: " + command + "\n" + log);
            }
            return output;
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The C source, a class-path resource (also in the runner's test jar, for the benchmarks' tests). */
    private static Path source() throws IOException {
        try (var in = FakeNvml.class.getResourceAsStream("fake-nvml.c")) {
            if (in == null) {
                throw new IllegalStateException("fake-nvml.c is not on the test class path");
            }
            Path copy = directory.resolve("fake-nvml.c");
            Files.write(copy, in.readAllBytes());
            return copy;
        }
    }
}
