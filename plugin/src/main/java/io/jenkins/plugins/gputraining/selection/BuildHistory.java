package io.jenkins.plugins.gputraining.selection;

import java.util.Optional;

/** The builds of a job, as build selection reads them: the Jenkins glue walks the job lazily behind this. */
public interface BuildHistory {
    /** The build running the step. */
    BuildRef current();

    /** A build by number, if the job still has it. */
    Optional<BuildRef> byNumber(int number);

    /** The builds older than the given number, newest first (a lazy walk: stop reading when done). */
    Iterable<BuildRef> before(int number);
}
