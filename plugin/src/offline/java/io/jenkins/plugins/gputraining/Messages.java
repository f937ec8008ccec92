package io.jenkins.plugins.gputraining;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The offline build's {@code Messages}: the real build generates this class from Messages.properties with
 * localizer-maven-plugin, as plugin-pom binds it, but that plugin cannot be resolved from Maven Central (its
 * access-modifier-annotation 1.4 needs annotation-indexer 1.4, whose parent POM is only in the Jenkins repository).
 * So pom-offline.xml compiles this plain ResourceBundle-backed class (src/offline/java, a source root only that POM
 * adds), with the same names and parameters as the generated {@code String} methods; MessagesTest keeps it in step
 * with Messages.properties.
 */
public final class Messages {
    private static final String BUNDLE = "io.jenkins.plugins.gputraining.Messages";

    private Messages() {
    }

    /** {@code TrainOnGpuStep.DisplayName}. */
    public static String TrainOnGpuStep_DisplayName() {
        return format("TrainOnGpuStep.DisplayName");
    }

    /** {@code RecordTrainingStep.DisplayName}. */
    public static String RecordTrainingStep_DisplayName() {
        return format("RecordTrainingStep.DisplayName");
    }

    /** {@code PauseTrainingStep.DisplayName}. */
    public static String PauseTrainingStep_DisplayName() {
        return format("PauseTrainingStep.DisplayName");
    }

    /** {@code ResumeTrainingStep.DisplayName}. */
    public static String ResumeTrainingStep_DisplayName() {
        return format("ResumeTrainingStep.DisplayName");
    }

    /** {@code CompareTrainingStep.DisplayName}. */
    public static String CompareTrainingStep_DisplayName() {
        return format("CompareTrainingStep.DisplayName");
    }

    /** {@code TrainingAction.DisplayName}. */
    public static String TrainingAction_DisplayName() {
        return format("TrainingAction.DisplayName");
    }

    /** {@code TrainingCompareAction.DisplayName}. */
    public static String TrainingCompareAction_DisplayName() {
        return format("TrainingCompareAction.DisplayName");
    }

    /** {@code TrainingBuildAction.BadgeTooltip}. */
    public static String TrainingBuildAction_BadgeTooltip() {
        return format("TrainingBuildAction.BadgeTooltip");
    }

    /** {@code FieldCheck.NotANumber}. */
    public static String FieldCheck_NotANumber() {
        return format("FieldCheck.NotANumber");
    }

    /** {@code FieldCheck.NotFinite}. */
    public static String FieldCheck_NotFinite() {
        return format("FieldCheck.NotFinite");
    }

    /** {@code FieldCheck.NotAPercentage}. */
    public static String FieldCheck_NotAPercentage() {
        return format("FieldCheck.NotAPercentage");
    }

    /** {@code FieldCheck.Negative}. */
    public static String FieldCheck_Negative() {
        return format("FieldCheck.Negative");
    }

    /** {@code FieldCheck.NotAPositiveWholeNumber}. */
    public static String FieldCheck_NotAPositiveWholeNumber() {
        return format("FieldCheck.NotAPositiveWholeNumber");
    }

    /** {@code AlertGate.NONE}. */
    public static String AlertGate_NONE() {
        return format("AlertGate.NONE");
    }

    /** {@code AlertGate.ANY}. */
    public static String AlertGate_ANY() {
        return format("AlertGate.ANY");
    }

    /** {@code AlertGate.CRITICAL}. */
    public static String AlertGate_CRITICAL() {
        return format("AlertGate.CRITICAL");
    }

    /** {@code GateResult.UNSTABLE}. */
    public static String GateResult_UNSTABLE() {
        return format("GateResult.UNSTABLE");
    }

    /** {@code GateResult.FAILURE}. */
    public static String GateResult_FAILURE() {
        return format("GateResult.FAILURE");
    }

    /** {@code PauseMode.SUSPEND}. */
    public static String PauseMode_SUSPEND() {
        return format("PauseMode.SUSPEND");
    }

    /** {@code PauseMode.CHECKPOINT}. */
    public static String PauseMode_CHECKPOINT() {
        return format("PauseMode.CHECKPOINT");
    }

    private static String format(final String key, final Object... args) {
        String pattern = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), Messages.class.getClassLoader())
                .getString(key);
        return new MessageFormat(pattern, Locale.getDefault()).format(args);
    }
}
