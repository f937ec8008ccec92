package io.jenkins.plugins.gputraining;

import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.gputraining.api.TrainingJson;
import io.jenkins.plugins.gputraining.gate.ComparisonGate;
import io.jenkins.plugins.gputraining.model.analytics.Comparison;
import io.jenkins.plugins.gputraining.model.analytics.ComparedRun;
import io.jenkins.plugins.gputraining.selection.BuildSelection;
import io.jenkins.plugins.gputraining.view.CompareRow;
import io.jenkins.plugins.gputraining.view.RunKey;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The job's compare page, {@code <job>/training-compare?builds=12,15,17}: the builds side by side with the winner of
 * each category (from their {@code build.xml} summaries), and the dashboard's comparison view with loss curves
 * (which reads the selected builds' artifacts only). Not in the side panel; reached from the job page's checkboxes.
 */
public class TrainingCompareAction extends TrainingJobPage {
    static final String URL_NAME = "training-compare";

    TrainingCompareAction(final Job<?, ?> job) {
        super(job);
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.TrainingCompareAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** The comparison the request asks for ({@code builds=12,15} or repeated {@code builds=12&builds=15}). */
    public CompareView getView(final StaplerRequest2 request) {
        getJob().checkPermission(Item.READ);
        String[] values = request.getParameterValues("builds");
        List<Integer> numbers = new ArrayList<>();
        try {
            if (values != null) {
                for (String value : values) {
                    for (int number : BuildSelection.parseNumbers(value)) {
                        if (!numbers.contains(number)) {
                            numbers.add(number);
                        }
                    }
                }
            }
        }
        catch (IllegalArgumentException e) {
            return CompareView.error(e.getMessage());
        }
        if (numbers.size() > BuildSelection.MAX_BUILDS) {
            return CompareView.error("at most " + BuildSelection.MAX_BUILDS + " builds can be compared");
        }
        List<Map.Entry<RunKey, TrainingSummary>> runs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int number : numbers) {
            var build = getJob().getBuildByNumber(number);
            TrainingBuildAction action = build == null ? null : build.getAction(TrainingBuildAction.class);
            if (action == null) {
                missing.add("#" + number);
                continue;
            }
            TrainedBuild trained = action.toTrainedBuild();
            for (int i = 0; i < trained.runs().size(); i++) {
                if (trained.runs().get(i).isFinished()) {
                    runs.add(new AbstractMap.SimpleImmutableEntry<>(trained.key(i), trained.runs().get(i)));
                }
            }
        }
        Comparison comparison = TrainingJson.compare(runs);
        List<CompareRow> rows = CompareRow.of(comparison);
        List<String> ids = new ArrayList<>();
        for (ComparedRun run : comparison.jobs()) {
            ids.add(run.runId());
        }
        return new CompareView(rows, ids, missing, null);
    }

    /**
     * What the compare page shows.
     *
     * @param rows the table rows, winners marked
     * @param ids the compared runs' keys (for the dashboard's route)
     * @param missing builds asked for that have no training
     * @param error a message when the request was malformed
     */
    public record CompareView(List<CompareRow> rows, List<String> ids, List<String> missing, String error) {
        static CompareView error(final String message) {
            return new CompareView(List.of(), List.of(), List.of(), message);
        }

        public List<CompareRow> getRows() {
            return rows;
        }

        public List<String> getMissing() {
            return missing;
        }

        public String getError() {
            return error;
        }

        /** The dashboard route: {@code /compare?ids=12,15}. */
        public String getRoute() {
            return "/compare?ids=" + String.join(",", ids);
        }

        /** The winner categories' labels. */
        public List<String> getCategories() {
            return ComparisonGate.CATEGORIES;
        }
    }
}
