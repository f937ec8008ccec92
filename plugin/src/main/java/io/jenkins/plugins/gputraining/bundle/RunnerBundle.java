package io.jenkins.plugins.gputraining.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The agent jar the plugin bundles to ship to build nodes: where it is on the plugin's class path, its version, and
 * the name of the folder it is cached in on a node ({@code <version>-<first 12 hex digits of its SHA-256>}), so a
 * node copies each agent build once and a snapshot rebuilt under the same version is copied again.
 *
 * @param url the jar's resource URL
 * @param version its {@code Implementation-Version}
 * @param sha256 its SHA-256, hex
 */
public record RunnerBundle(URL url, String version, String sha256) {
    /** The jar's resource name in the plugin. */
    public static final String RESOURCE = "io/jenkins/plugins/gputraining/runner/gpu-training-runner.jar";
    /** The jar's file name on a node. */
    public static final String FILE_NAME = "gpu-training-runner.jar";
    /** The cache folder below a node's root directory. */
    public static final String NODE_CACHE = "gpu-training/runner";

    private static volatile RunnerBundle bundled;

    /** The bundled agent (read once). */
    public static RunnerBundle bundled() {
        RunnerBundle known = bundled;
        if (known == null) {
            URL url = RunnerBundle.class.getClassLoader().getResource(RESOURCE);
            if (url == null) {
                throw new IllegalStateException("the plugin does not bundle the agent jar (" + RESOURCE + ")");
            }
            known = of(url);
            bundled = known;
        }
        return known;
    }

    /** Reads a jar's version and digest. */
    public static RunnerBundle of(final URL url) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = url.openStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    digest.update(buffer, 0, read);
                }
            }
            String version = "unknown";
            try (JarInputStream jar = new JarInputStream(url.openStream())) {
                Manifest manifest = jar.getManifest();
                if (manifest != null && manifest.getMainAttributes().getValue("Implementation-Version") != null) {
                    version = manifest.getMainAttributes().getValue("Implementation-Version");
                }
            }
            return new RunnerBundle(url, version, HexFormat.of().formatHex(digest.digest()));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent jar " + url, e);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cache folder's name: {@code <version>-<sha256 prefix>}, safe as a directory name. */
    public String cacheKey() {
        return version.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + sha256.substring(0, 12);
    }

    /** The jar's path below a node's root directory. */
    public String nodePath() {
        return NODE_CACHE + "/" + cacheKey() + "/" + FILE_NAME;
    }
}
