package io.jenkins.plugins.gputraining.agent.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens the service accepts. Each has a name (recorded as the owner of the jobs it starts, and in the
 * control events) and may be an admin (controls every job). Only SHA-256 digests of the tokens are kept, and a
 * presented token is compared with every digest in constant time.
 *
 * <p>Text form (a token file, one token a line): {@code name:token[:admin]}; blank lines and lines starting with
 * {@code #} are ignored. Tokens are read from a file only: a token in the environment could be read back from
 * {@code /proc/<pid>/environ} and is inherited by children (docs/rest-api.md, "Security model").
 */
public final class ApiTokens {
    /**
     * The environment variable earlier versions of {@code serve} read tokens from: {@code serve} now refuses to start
     * while it is set, and it is removed from the environment of the jobs it starts.
     */
    public static final String ENVIRONMENT_VARIABLE = "GPU_TRAINING_TOKENS";
    /** Shorter tokens are refused: a guessable token guards nothing. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e&&[^:,]]+");
    private static final String BEARER = "bearer ";

    private final List<Entry> entries;

    /** A known token: its digest, never the token. */
    private record Entry(String name, byte[] digest, boolean admin) {
    }

    /**
     * Who a request comes from.
     *
     * @param name the token's name
     * @param admin whether it may control every job
     * @param tokenDigest hex SHA-256 of the token, as recorded in a job's owner file
     */
    public record Principal(String name, boolean admin, String tokenDigest) {
    }

    private ApiTokens(final List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No tokens: reads are open (on loopback), starting and controlling jobs is refused. */
    public static ApiTokens none() {
        return new ApiTokens(List.of());
    }

    /**
     * Parses the lines of a token file.
     *
     * @param text the file's content
     * @param source where they come from, for error messages
     * @throws IllegalArgumentException naming the source, the line and what is wrong (never the token)
     */
    public static ApiTokens parse(final String text, final String source) {
        return parse(text.split("\\r?\\n", -1), source, "line");
    }

    private static ApiTokens parse(final String[] lines, final String source, final String unit) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            entries.add(entry(line, source + " " + unit + " " + (i + 1)));
        }
        return new ApiTokens(entries).checkedUnique(source);
    }

    /**
     * Reads a token file.
     *
     * @throws IllegalArgumentException when it cannot be read or holds a malformed line
     */
    public static ApiTokens fromFile(final Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        }
        catch (NoSuchFileException e) {
            throw new IllegalArgumentException("token file " + file + " does not exist", e);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether any token is configured; without one, starting and controlling jobs is refused. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The names of the tokens, for a startup message. */
    public List<String> names() {
        return entries.stream().map(entry -> entry.name() + (entry.admin() ? " (admin)" : "")).toList();
    }

    /**
     * Who presents this {@code Authorization} header value ({@code Bearer <token>}), if it carries a known token.
     */
    public Optional<Principal> authenticate(final String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        return authenticateToken(authorization.substring(BEARER.length()).strip());
    }

    /** Who presents this raw token, if it is a known one. */
    public Optional<Principal> authenticateToken(final String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = digest(token);
        Entry match = null;
        // Every digest is compared, each in constant time: timing says nothing about which token came close.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && match == null) {
                match = entry;
            }
        }
        return match == null ? Optional.empty()
                : Optional.of(new Principal(match.name(), match.admin(), HexFormat.of().formatHex(match.digest())));
    }

    /** Hex SHA-256 of a token, as kept in owner files. */
    public static String digestHex(final String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    private static Entry entry(final String line, final String where) {
        String[] parts = line.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException(where + ": expected name:token or name:token:admin");
        }
        String name = parts[0].strip();
        String token = parts[1].strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": the name must be 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException(where + " (" + name + "): the token must be printable ASCII without "
                    + "spaces, ':' or ','");
        }
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException(where + " (" + name + "): the token is shorter than "
                    + MIN_TOKEN_LENGTH + " characters; generate one with: openssl rand -hex 24");
        }
        boolean admin = false;
        if (parts.length == 3) {
            if (!"admin".equals(parts[2].strip())) {
                throw new IllegalArgumentException(where + " (" + name + "): the third field may only be \"admin\"");
            }
            admin = true;
        }
        return new Entry(name, digest(token), admin);
    }

    private ApiTokens checkedUnique(final String source) {
        Set<String> names = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (Entry entry : entries) {
            if (!names.add(entry.name())) {
                throw new IllegalArgumentException(source + ": the token name \"" + entry.name()
                        + "\" is used twice");
            }
            if (!digests.add(HexFormat.of().formatHex(entry.digest()))) {
                throw new IllegalArgumentException(source + ": token \"" + entry.name()
                        + "\" repeats another token; give each its own");
            }
        }
        return this;
    }

    private static byte[] digest(final String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "ApiTokens" + names();
    }
}
