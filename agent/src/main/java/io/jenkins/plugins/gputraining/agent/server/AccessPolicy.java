package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do what: bearer tokens for starting and controlling jobs (and for reads with
 * {@code --read-token-required}), and the Host and Origin checks that keep web pages of other sites (DNS rebinding,
 * cross-site WebSockets) away from the service, on any bind address (docs/rest-api.md, "Security model").
 */
final class AccessPolicy {
    static final String NO_TOKENS = "no API tokens are configured, so starting, pausing, resuming and cancelling "
            + "jobs is disabled; start serve with --token-file FILE (lines name:token[:admin], chmod 600) to enable it";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");
    /** The query parameter a browser's WebSocket (which cannot set headers) may carry its token in. */
    static final String TOKEN_PARAMETER = "access_token";

    private final ApiTokens tokens;
    private final boolean readTokenRequired;
    private final Set<String> allowedHosts;

    AccessPolicy(final ServerConfig config) {
        this.tokens = config.tokens();
        this.readTokenRequired = config.readTokenRequired();
        this.allowedHosts = Set.copyOf(config.allowedHosts());
    }

    /**
     * The principal of a request that starts or controls a job.
     *
     * @throws ApiRequestException 503 when no tokens are configured, 401 without a valid bearer token
     */
    ApiTokens.Principal requireWriter(final Context ctx) {
        if (tokens.isEmpty()) {
            throw new ApiRequestException(503, NO_TOKENS);
        }
        return authenticate(ctx, false);
    }

    /**
     * Checks a read (GET, stream) when reads need a token.
     *
     * @param allowQueryToken whether the token may come as {@value #TOKEN_PARAMETER} (the WebSocket upgrade)
     */
    void requireReader(final Context ctx, final boolean allowQueryToken) {
        if (!readTokenRequired) {
            return;
        }
        if (tokens.isEmpty()) {
            throw new ApiRequestException(503, "reads require a token (--read-token-required) but " + NO_TOKENS);
        }
        authenticate(ctx, allowQueryToken);
    }

    private ApiTokens.Principal authenticate(final Context ctx, final boolean allowQueryToken) {
        String authorization = ctx.header("Authorization");
        Optional<ApiTokens.Principal> principal = tokens.authenticate(authorization);
        if (principal.isEmpty() && authorization == null && allowQueryToken) {
            principal = tokens.authenticateToken(ctx.queryParam(TOKEN_PARAMETER));
        }
        if (principal.isPresent()) {
            return principal.get();
        }
        if (authorization == null && (!allowQueryToken || ctx.queryParam(TOKEN_PARAMETER) == null)) {
            throw new ApiRequestException(401, "this request needs a bearer token: send the header "
                    + "\"Authorization: Bearer <token>\"");
        }
        throw new ApiRequestException(401, "the bearer token is not valid");
    }

    /**
     * Refuses requests whose Host is not a name this service answers to: an IP address, a loopback name, or a name
     * the operator listed ({@code --allow-host}). A web page whose own host name was made to resolve to this
     * service's address (DNS rebinding) sends its own name as the Host, so it is refused, on any bind address.
     */
    void checkHost(final Context ctx) {
        String host = hostName(ctx.header("Host"));
        if (host != null && (isLoopbackName(host) || isAddress(host) || allowedHosts.contains(host))) {
            return;
        }
        throw ApiRequestException.forbidden("Host \"" + PrintableText.printable(ctx.header("Host")) + "\" is not a name "
                + "this service answers to: it answers to IP addresses, localhost"
                + (allowedHosts.isEmpty() ? "" : ", " + String.join(", ", allowedHosts.stream().sorted().toList()))
                + " (serve --allow-host NAME adds a name)");
    }

    /** Refuses a WebSocket upgrade from a page of another origin (cross-site WebSocket hijacking). */
    void checkOrigin(final Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String host = ctx.header("Host");
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            if (authority != null && host != null && authority.equalsIgnoreCase(host)) {
                return;
            }
        }
        catch (IllegalArgumentException e) {
            // Refused below.
        }
        throw ApiRequestException.forbidden("Origin \"" + PrintableText.printable(origin) + "\" is not this service's origin; "
                + "the stream is only open to pages it serves itself");
    }

    private static String hostName(final String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return null;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static boolean isLoopbackName(final String host) {
        if ("localhost".equals(host) || host.endsWith(".localhost") || "::1".equals(host)) {
            return true;
        }
        return host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static boolean isAddress(final String host) {
        return IPV4.matcher(host).matches() || IPV6.matcher(host).matches();
    }
}
