package io.jenkins.plugins.gputraining.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerBundleTest {
    @TempDir
    Path temp;

    private Path jar(final String version, final String content) throws Exception {
        Path jar = temp.resolve(content + ".jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Implementation-Version", version);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new java.util.jar.JarEntry(content));
            jarOut.write(content.getBytes());
        }
        return jar;
    }

    @Test
    void cachedOnNodesByVersionAndContent() throws Exception {
        RunnerBundle first = RunnerBundle.of(jar("0.1.0-SNAPSHOT", "a").toUri().toURL());
        RunnerBundle rebuilt = RunnerBundle.of(jar("0.1.0-SNAPSHOT", "b").toUri().toURL());

        assertThat(first.version()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(first.sha256()).hasSize(64);
        assertThat(first.cacheKey()).startsWith("0.1.0-SNAPSHOT-").hasSize("0.1.0-SNAPSHOT-".length() + 12);
        assertThat(first.nodePath()).isEqualTo("gpu-training/runner/" + first.cacheKey() + "/gpu-training-runner.jar");
        assertThat(rebuilt.cacheKey()).as("a rebuilt snapshot is copied again").isNotEqualTo(first.cacheKey());
    }

    @Test
    void versionsAreMadeSafeForDirectoryNames() throws Exception {
        assertThat(RunnerBundle.of(jar("1.0 (private/x)", "c").toUri().toURL()).cacheKey())
                .startsWith("1.0__private_x_-");
    }
}
