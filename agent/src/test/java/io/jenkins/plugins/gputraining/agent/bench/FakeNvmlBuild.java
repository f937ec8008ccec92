package io.jenkins.plugins.gputraining.agent.bench;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The nvml tests' stand-in libnvidia-ml ({@code nvml/fake-nvml.c}: two GPUs, an H200 and an L4), built here with the
 * system C compiler so the benchmarks can be run end to end through {@code --nvml-library}. Skips the test where no
 * compiler exists.
 */
final class FakeNvmlBuild {
    private static Path built;

    private FakeNvmlBuild() {
    }

    /** The library's path, built once per JVM (a loaded library must not be rewritten). */
    static synchronized Path library() throws IOException, InterruptedException {
        Optional<String> compiler = compiler();
        assumeThat(compiler).as("a C compiler (cc or gcc) to build the fake libnvidia-ml").isPresent();
        if (built == null) {
            Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
            Path directory = Files.createTempDirectory(target, "bench-fake-nvml-");
            // Not named libnvidia-ml.so.1, so that no test finds it under the driver's name.
            Path output = directory.resolve("libbench-fake-nvml.so");
            List<String> command = List.of(compiler.get(), "-shared", "-fPIC", "-O1", "-o", output.toString(),
                    source().toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("building the fake NVML failed: " + command + "\n" + log);
            }
            built = output;
        }
        return built;
    }

    private static Optional<String> compiler() {
        for (String name : List.of("cc", "gcc", "clang")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Optional.of(Path.of(dir, name).toString());
                }
            }
        }
        return Optional.empty();
    }

    private static Path source() {
        String relative = "src/test/java/io/jenkins/plugins/gputraining/agent/nvml/fake-nvml.c";
        for (Path candidate : List.of(Path.of(relative), Path.of("agent", relative))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("fake-nvml.c not found from " + Path.of("").toAbsolutePath());
    }
}
