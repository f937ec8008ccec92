package io.jenkins.plugins.gputraining.control;

import java.util.Objects;

/**
 * Who is responsible when a pipeline's {@code pauseTraining}/{@code resumeTraining} acts on a build (docs/plugin.md,
 * "Security model"): the build's own authentication when it runs as a user (an authorize-project strategy, or any
 * other QueueItemAuthenticator); otherwise, since a build then runs as SYSTEM, which may do anything, the user who
 * started it; otherwise nobody. Item.CANCEL (and Item.READ) on the target job are checked as that identity; when
 * nobody is responsible, only builds of the pipeline's own job may be controlled.
 *
 * @param kind where the identity comes from
 * @param name the identity's name (a user id), or {@code SYSTEM} when nobody is responsible
 */
public record ControlAuthority(Kind kind, String name) {
    /** The name Jenkins gives the authentication of builds that run as no user. */
    public static final String SYSTEM = "SYSTEM";

    /** Where the responsible identity comes from. */
    public enum Kind {
        /** The build runs as a user: its authentication. */
        BUILD,
        /** The build runs as SYSTEM and a user started it: that user. */
        STARTER,
        /** The build runs as SYSTEM and no user started it (a timer, an SCM change, an upstream build). */
        NOBODY
    }

    public ControlAuthority {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * The responsible identity of a build.
     *
     * @param buildAuthentication the name of the build's authentication, or {@code null} when it is SYSTEM
     * @param starterId the id of the user who started the build ({@code Cause.UserIdCause}), or {@code null}
     */
    public static ControlAuthority of(final String buildAuthentication, final String starterId) {
        if (buildAuthentication != null && !SYSTEM.equals(buildAuthentication)) {
            return new ControlAuthority(Kind.BUILD, buildAuthentication);
        }
        if (starterId != null && !starterId.isBlank()) {
            return new ControlAuthority(Kind.STARTER, starterId);
        }
        return new ControlAuthority(Kind.NOBODY, SYSTEM);
    }

    /** Whether permissions are checked as an identity ({@code false}: nobody is responsible). */
    public boolean isKnown() {
        return kind != Kind.NOBODY;
    }

    /** The identity in words, for logs and refusals. */
    public String describe() {
        return switch (kind) {
            case BUILD -> name + " (the build's authentication)";
            case STARTER -> name + " (who started this build)";
            case NOBODY -> "nobody (this build runs as SYSTEM and no user started it)";
        };
    }

    /**
     * Why a build of another job is refused when nobody is responsible.
     *
     * @param action the step's verb ({@code pause}, {@code resume})
     * @param targetJob the full name of the target job
     */
    public String refusal(final String action, final String targetJob) {
        return "cannot " + action + " a build of " + targetJob + ": this build runs as SYSTEM and no user started "
                + "it, so nobody's permissions can be checked there; a build without a responsible user may only "
                + action + " builds of its own job. Configure an authorize-project strategy (the Authorize Project "
                + "plugin) so that builds run as a user, or start this build as a user with Job/Cancel on "
                + targetJob;
    }

    /** Why the responsible identity may not act on the target job. */
    public String missingCancel(final String action, final String targetJob) {
        return describe() + " is missing the Job/Cancel permission on " + targetJob + ", which " + action
                + "Training needs";
    }
}
