package io.jenkins.plugins.gputraining;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.gate.AlertGate;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.options.FieldCheck;
import jenkins.model.Jenkins;

/**
 * What the steps' descriptors share for the Snippet Generator's form: who may use their checks and choices (those
 * who may configure the job, or Jenkins without one), the localized check messages, and the choices' labels.
 */
final class StepForms {
    private StepForms() {
    }

    /** Whether the user may configure this job (or, without a job, Jenkins): the form's checks answer only them. */
    static boolean canConfigure(@CheckForNull final Item item) {
        return item == null ? Jenkins.get().hasPermission(Item.CONFIGURE) : item.hasPermission(Item.CONFIGURE);
    }

    /** A check's verdict as the form shows it. */
    static FormValidation validation(final FieldCheck check) {
        return switch (check) {
            case OK -> FormValidation.ok();
            case NOT_A_NUMBER -> FormValidation.error(Messages.FieldCheck_NotANumber());
            case NOT_FINITE -> FormValidation.error(Messages.FieldCheck_NotFinite());
            case NOT_A_PERCENTAGE -> FormValidation.error(Messages.FieldCheck_NotAPercentage());
            case NEGATIVE -> FormValidation.error(Messages.FieldCheck_Negative());
            case NOT_A_POSITIVE_WHOLE_NUMBER -> FormValidation.error(Messages.FieldCheck_NotAPositiveWholeNumber());
        };
    }

    /** The choices of {@code failOnAlerts}. */
    static ListBoxModel alertGates() {
        ListBoxModel model = new ListBoxModel();
        model.add(Messages.AlertGate_NONE(), AlertGate.NONE.name());
        model.add(Messages.AlertGate_ANY(), AlertGate.ANY.name());
        model.add(Messages.AlertGate_CRITICAL(), AlertGate.CRITICAL.name());
        return model;
    }

    /** The choices of {@code gateResult}: what a failed gate makes the build. */
    static ListBoxModel gateResults() {
        ListBoxModel model = new ListBoxModel();
        model.add(Messages.GateResult_UNSTABLE(), GateResult.UNSTABLE.name());
        model.add(Messages.GateResult_FAILURE(), GateResult.FAILURE.name());
        return model;
    }

    /** The choices of a pause mode. */
    static ListBoxModel pauseModes() {
        ListBoxModel model = new ListBoxModel();
        model.add(Messages.PauseMode_SUSPEND(), PauseMode.SUSPEND.name());
        model.add(Messages.PauseMode_CHECKPOINT(), PauseMode.CHECKPOINT.name());
        return model;
    }
}
