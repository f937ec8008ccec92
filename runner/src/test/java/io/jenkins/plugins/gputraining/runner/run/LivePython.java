package io.jenkins.plugins.gputraining.runner.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3 ({@code /usr/bin/python3}, with python3-torch, -sklearn, -xgboost and -tqdm on CI: see .ci/run)
 * and the training scripts under src/test/resources/live.
 */
final class LivePython {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Map<String, Boolean> MODULES = new ConcurrentHashMap<>();

    private LivePython() {
    }

    /** Whether {@code /usr/bin/python3} can import all of {@code modules} (comma-separated). */
    static boolean has(final String modules) {
        return MODULES.computeIfAbsent(modules, m -> {
            if (!Files.isExecutable(PYTHON)) {
                return false;
            }
            try {
                Process process = new ProcessBuilder(PYTHON.toString(), "-c", "import " + m)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
            }
            catch (IOException e) {
                return false;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Copies a script from src/test/resources/live into {@code directory}; returns its file name. */
    static String script(final Path directory, final String name) throws IOException {
        try (InputStream in = LivePython.class.getResourceAsStream("/live/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /live/" + name);
            }
            Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        return name;
    }
}
