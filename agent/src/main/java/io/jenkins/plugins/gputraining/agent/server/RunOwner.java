package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Who started a job through the service: the token's name and the SHA-256 digest of the token (never the token),
 * and the working directory the service gave the job, kept in {@value #FILE} in the run directory. Only that token,
 * or an admin token, may pause, resume or cancel the job; checkpoints are served from that working directory (not
 * from whatever progress.json says). A run without the file (started by {@code agent run}, a Jenkins step, the demo)
 * belongs to no token: any valid token may control it.
 *
 * @param name the token's name when the job started
 * @param tokenDigest hex SHA-256 of the token; {@code null} when the file could not be read (then only admins
 *         may control the job)
 * @param workingDirectory the real path of the job's working directory as the service chose it, or {@code null}
 */
record RunOwner(String name, String tokenDigest, String workingDirectory) {
    static final String FILE = ".owner";
    private static final int MAX_BYTES = 4096;

    /** Records the owner of a new job and the working directory the service gave it. */
    static void write(final Path runDirectory, final ApiTokens.Principal principal, final Path workingDirectory)
            throws IOException {
        ObjectNode json = ApiExchange.JSON.createObjectNode();
        json.put("name", principal.name());
        json.put("token_sha256", principal.tokenDigest());
        json.put("working_dir", workingDirectory.toString());
        json.put("started_at", Instant.now().toString());
        Path file = runDirectory.resolve(FILE);
        Files.writeString(file, json.toString() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            // The token's digest is for the service only: a job has no use for it.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }

    /**
     * The owner of a run, or {@code null} when the run has no owner file (it was not started by the service). The
     * file is read without following a link: a link (to another run's owner file, say) reads as owned by nobody we
     * can match, so that only admins may control the run.
     */
    static RunOwner read(final Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // A link or a special file: owned, but by nobody we can match.
            return new RunOwner(null, null, null);
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() > MAX_BYTES) {
                return new RunOwner(null, null, null);
            }
            InputStream in = Channels.newInputStream(channel);
            JsonNode json = ApiExchange.JSON.readTree(in.readNBytes(MAX_BYTES));
            return new RunOwner(json.path("name").asText(null), json.path("token_sha256").asText(null),
                    json.path("working_dir").asText(null));
        }
        catch (NoSuchFileException e) {
            return null;
        }
        catch (IOException | RuntimeException e) {
            // Unreadable, or a link: owned, but by nobody we can match.
            return new RunOwner(null, null, null);
        }
    }

    /** Whether this principal may control a job owned by {@code owner} ({@code null}: no owner). */
    static boolean mayControl(final ApiTokens.Principal principal, final RunOwner owner) {
        if (principal.admin() || owner == null) {
            return true;
        }
        return owner.tokenDigest() != null && MessageDigest.isEqual(
                owner.tokenDigest().getBytes(StandardCharsets.US_ASCII),
                principal.tokenDigest().getBytes(StandardCharsets.US_ASCII));
    }
}
