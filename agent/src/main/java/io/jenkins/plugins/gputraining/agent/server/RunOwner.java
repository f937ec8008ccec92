package io.jenkins.plugins.gputraining.agent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Who started a job through the service: the token's name and the SHA-256 digest of the token (never the token),
 * kept in {@value #FILE} in the run directory. Only that token, or an admin token, may pause, resume or cancel the
 * job. A run without the file (started by {@code agent run}, a Jenkins step, the demo) belongs to no token: any
 * valid token may control it.
 *
 * @param name the token's name when the job started
 * @param tokenDigest hex SHA-256 of the token; {@code null} when the file could not be read (then only admins
 *         may control the job)
 */
record RunOwner(String name, String tokenDigest) {
    static final String FILE = ".owner";

    /** Records the owner of a new job. */
    static void write(final Path runDirectory, final ApiTokens.Principal principal) throws IOException {
        ObjectNode json = ApiExchange.JSON.createObjectNode();
        json.put("name", principal.name());
        json.put("token_sha256", principal.tokenDigest());
        json.put("started_at", Instant.now().toString());
        Files.writeString(runDirectory.resolve(FILE), json.toString() + "\n", StandardCharsets.UTF_8);
    }

    /** The owner of a run, or {@code null} when the run has no owner file (it was not started by the service). */
    static RunOwner read(final Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        try {
            if (Files.size(file) > 4096) {
                return new RunOwner(null, null);
            }
            JsonNode json = ApiExchange.JSON.readTree(Files.readAllBytes(file));
            return new RunOwner(json.path("name").asText(null), json.path("token_sha256").asText(null));
        }
        catch (NoSuchFileException e) {
            return null;
        }
        catch (IOException | RuntimeException e) {
            // Unreadable: owned, but by nobody we can match.
            return new RunOwner(null, null);
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
