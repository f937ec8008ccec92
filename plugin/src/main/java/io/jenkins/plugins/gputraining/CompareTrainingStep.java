package io.jenkins.plugins.gputraining;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.gputraining.api.TrainingJson;
import io.jenkins.plugins.gputraining.gate.ComparisonGate;
import io.jenkins.plugins.gputraining.gate.GateOutcome;
import io.jenkins.plugins.gputraining.gate.GateResult;
import io.jenkins.plugins.gputraining.model.analytics.AnalyticsJson;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparedRun;
import io.jenkins.plugins.gputraining.options.Arguments;
import io.jenkins.plugins.gputraining.options.FieldCheck;
import io.jenkins.plugins.gputraining.selection.BuildRef;
import io.jenkins.plugins.gputraining.selection.BuildSelection;
import io.jenkins.plugins.gputraining.selection.BuildSelector;
import io.jenkins.plugins.gputraining.view.Formats;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.io.PrintStream;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code compareTraining(…)}: compares training builds by number ({@code builds: [12, 15]}), the last N
 * ({@code last: 5}) or this build against a baseline ({@code against: 'lastSuccessful'}), from the summaries the
 * builds keep, and returns the comparison map (winners included). {@code requireBest: 'best_loss'} makes the build
 * UNSTABLE (or {@code gateResult: 'FAILURE'}) when this build does not win that category.
 */
public class CompareTrainingStep extends Step {
    private List<Integer> builds;
    private Integer last;
    private String against;
    private String job;
    private String requireBest;
    private GateResult gateResult;

    @DataBoundConstructor
    public CompareTrainingStep() {
    }

    public List<Integer> getBuilds() {
        return builds;
    }

    @DataBoundSetter
    public void setBuilds(final List<Integer> builds) {
        this.builds = builds == null ? null : new ArrayList<>(builds);
    }

    public Integer getLast() {
        return last;
    }

    @DataBoundSetter
    public void setLast(final Integer last) {
        this.last = last;
    }

    public String getAgainst() {
        return against;
    }

    @DataBoundSetter
    public void setAgainst(final String against) {
        this.against = against;
    }

    public String getJob() {
        return job;
    }

    /** Another job's full name, to compare its builds (needs Item.READ there). */
    @DataBoundSetter
    public void setJob(final String job) {
        this.job = job;
    }

    public String getRequireBest() {
        return requireBest;
    }

    @DataBoundSetter
    public void setRequireBest(final String requireBest) {
        this.requireBest = requireBest;
    }

    public GateResult getGateResult() {
        return gateResult;
    }

    /** What losing a {@code requireBest} category makes the build: {@code UNSTABLE} (default) or {@code FAILURE}. */
    @DataBoundSetter
    public void setGateResult(final GateResult gateResult) {
        this.gateResult = gateResult;
    }

    @Override
    public StepExecution start(final StepContext context) throws Exception {
        BuildSelection selection = BuildSelection.of(builds, last, against);
        GateResult failureResult = GateResult.failureResult(gateResult);
        ComparisonGate gate = ComparisonGate.parse(requireBest, failureResult);
        String otherJob = Arguments.text(Arguments.trimToNull(job), "job", 1000, false);
        if (otherJob != null && (selection.against() != null || !gate.isEmpty())) {
            throw new IllegalArgumentException("with job: compare that job's builds by builds: or last:; against: "
                    + "and requireBest: need this build");
        }
        return new Execution(context, selection.builds(), selection.last(),
                selection.against() == null ? null : selection.against().symbol(), otherJob, requireBest,
                failureResult.name());
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final ArrayList<Integer> builds;
        private final Integer last;
        private final String against;
        private final String job;
        private final String requireBest;
        private final String gateResult;

        Execution(final StepContext context, final List<Integer> builds, final Integer last, final String against,
                  final String job, final String requireBest, final String gateResult) {
            super(context);
            this.builds = new ArrayList<>(builds);
            this.last = last;
            this.against = against;
            this.job = job;
            this.requireBest = requireBest;
            this.gateResult = gateResult;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> current = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Job<?, ?> target = current.getParent();
            Run<?, ?> self = current;
            if (job != null) {
                target = Jenkins.get().getItemByFullName(job, Job.class);
                if (target == null) {
                    throw new AbortException("no job named " + job + " (or no permission to see it)");
                }
                self = null;
            }
            BuildSelection selection = BuildSelection.of(builds, last, against);
            List<BuildRef> chosen;
            try {
                chosen = BuildSelector.select(selection, new JobBuilds(target, self));
            }
            catch (IllegalArgumentException e) {
                throw new AbortException("compareTraining: " + e.getMessage());
            }
            List<Map.Entry<RunKey, TrainingSummary>> runs = new ArrayList<>();
            Set<String> own = new HashSet<>();
            for (BuildRef ref : chosen) {
                Run<?, ?> build = self != null && ref.number() == self.getNumber() ? self
                        : target.getBuildByNumber(ref.number());
                TrainedBuild trained = build.getAction(TrainingBuildAction.class).toTrainedBuild();
                for (int i = 0; i < trained.runs().size(); i++) {
                    TrainingSummary summary = trained.runs().get(i);
                    if (!summary.isFinished()) {
                        continue;
                    }
                    runs.add(new AbstractMap.SimpleImmutableEntry<>(trained.key(i), summary));
                    if (self != null && ref.number() == self.getNumber()) {
                        own.add(trained.key(i).toString());
                    }
                }
            }
            Comparison comparison = TrainingJson.compare(runs);
            print(listener.getLogger(), comparison);
            ComparisonGate gate = ComparisonGate.parse(requireBest, GateResult.parseFailureResult(gateResult));
            if (!gate.isEmpty()) {
                GateOutcome outcome = gate.evaluate(comparison, own);
                if (outcome.isPassed()) {
                    listener.getLogger().println(TrainingRecorder.PREFIX + "This build won "
                            + String.join(", ", gate.categories()));
                }
                else {
                    for (String failure : outcome.failures()) {
                        listener.getLogger().println(TrainingRecorder.PREFIX + "Comparison gate failed: " + failure);
                    }
                    Result result = outcome.result() == GateResult.FAILURE ? Result.FAILURE : Result.UNSTABLE;
                    listener.getLogger().println(TrainingRecorder.PREFIX + "Setting the build result to " + result);
                    current.setResult(result);
                }
            }
            Map<String, Object> map = TrainingJson.toMap(AnalyticsJson.toTree(comparison));
            map.put("builds", new ArrayList<>(chosen.stream().map(BuildRef::number).toList()));
            return map;
        }

        private static void print(final PrintStream log, final Comparison comparison) {
            log.println(TrainingRecorder.PREFIX + "Comparing " + comparison.jobs().size() + " training run(s):");
            for (ComparedRun run : comparison.jobs()) {
                log.println(TrainingRecorder.PREFIX + "  #" + run.runId() + " " + run.name() + ": " + run.status()
                        + ", final loss " + Formats.loss(run.finalLoss()) + ", " + Formats.throughput(run.throughput())
                        + ", " + Formats.duration(run.durationSeconds()));
            }
            log.println(TrainingRecorder.PREFIX + "Winners: best loss " + comparison.winner().bestLoss()
                    + ", best throughput " + comparison.winner().bestThroughput() + ", fastest "
                    + comparison.winner().fastest() + ", most efficient " + comparison.winner().mostEfficient());
        }
    }

    @Extension
    @Symbol("compareTraining")
    public static class DescriptorImpl extends StepDescriptor {
        @POST
        public FormValidation doCheckLast(@AncestorInPath @CheckForNull final Item item,
                                          @QueryParameter final String value) {
            if (!StepForms.canConfigure(item)) {
                return FormValidation.ok();
            }
            return StepForms.validation(FieldCheck.positiveWholeNumber(value));
        }

        @POST
        public ListBoxModel doFillGateResultItems(@AncestorInPath @CheckForNull final Item item) {
            return StepForms.canConfigure(item) ? StepForms.gateResults() : new ListBoxModel();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String getFunctionName() {
            return "compareTraining";
        }

        @Override
        public String getDisplayName() {
            return Messages.CompareTrainingStep_DisplayName();
        }
    }
}
