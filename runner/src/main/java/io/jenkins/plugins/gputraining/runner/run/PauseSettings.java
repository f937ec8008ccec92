package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.runner.process.Signal;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run pauses and resumes.
 *
 * @param defaultMode the mode of a pause request that names none
 * @param checkpointSignal the signal sent to the launched process to ask for a checkpoint-and-exit, or {@code null}
 *         to rely on the control file alone (a process without a handler would die of SIGUSR1)
 * @param resumeTemplate arguments appended to the command on a checkpoint-mode resume, with {@code {checkpoint}}
 *         replaced by the newest checkpoint's path, e.g. {@code --resume_from_checkpoint {checkpoint}}; {@code null}
 *         relaunches the command as it is (for trainers that find their checkpoint themselves)
 */
public record PauseSettings(PauseMode defaultMode, Signal checkpointSignal, String resumeTemplate) {
    /** The exit code a trainer uses to say "checkpointed on request" (EX_TEMPFAIL). */
    public static final int CHECKPOINTED_EXIT_CODE = 75;
    /** The placeholder of the resume template. */
    public static final String CHECKPOINT_PLACEHOLDER = "{checkpoint}";

    public static PauseSettings defaults() {
        return new PauseSettings(PauseMode.SUSPEND, Signal.SIGUSR1, null);
    }

    /** The command to relaunch on resume: the original one plus the filled-in template. */
    public List<String> resumeCommand(final List<String> command, final String checkpoint) {
        List<String> resumed = new ArrayList<>(command);
        if (resumeTemplate != null && !resumeTemplate.isBlank()) {
            for (String argument : resumeTemplate.trim().split("\\s+")) {
                resumed.add(argument.replace(CHECKPOINT_PLACEHOLDER, checkpoint == null ? "" : checkpoint));
            }
        }
        return resumed;
    }
}
