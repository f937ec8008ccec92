package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Whether this machine has an NVIDIA driver library, asked without NVML: the no-driver tests need none. */
final class NoDriver {
    private static final List<String> USUAL_PLACES = List.of("/usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1",
            "/usr/lib/aarch64-linux-gnu/libnvidia-ml.so.1", "/usr/lib64/libnvidia-ml.so.1",
            "/usr/lib/libnvidia-ml.so.1", "/usr/local/nvidia/lib64/libnvidia-ml.so.1",
            "/usr/lib/wsl/lib/libnvidia-ml.so.1");

    private NoDriver() {
    }

    /** Skips the test where libnvidia-ml is installed: there the no-driver path cannot be observed. */
    static void assumeNoNvidiaLibrary() {
        assumeThat(nvidiaLibraryInstalled()).as("no libnvidia-ml on this machine").isFalse();
    }

    private static boolean nvidiaLibraryInstalled() {
        if (USUAL_PLACES.stream().anyMatch(place -> Files.exists(Path.of(place)))) {
            return true;
        }
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig")) {
            if (Files.isExecutable(Path.of(ldconfig))) {
                try {
                    Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                    String cache = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    process.waitFor(10, TimeUnit.SECONDS);
                    return cache.contains("libnvidia-ml");
                }
                catch (IOException e) {
                    return false;
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
