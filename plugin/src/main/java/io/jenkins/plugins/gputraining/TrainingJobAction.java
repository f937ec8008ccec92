package io.jenkins.plugins.gputraining;

import hudson.model.Item;
import hudson.model.Job;
import io.jenkins.plugins.gputraining.view.SummaryRow;
import io.jenkins.plugins.gputraining.view.TrainedBuild;
import io.jenkins.plugins.gputraining.view.TrendChart;
import java.util.List;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The job's "GPU Training" page ({@code <job>/training/}): trend charts over the last builds (final loss,
 * throughput, GPU utilisation, training time, energy, efficiency), the summary table with checkboxes to compare
 * builds, and the training JSON API the dashboard reads ({@code <job>/training/data/…}). Everything comes from the
 * builds' {@code build.xml} summaries; no artifact is opened here.
 */
public class TrainingJobAction extends TrainingJobPage {
    static final String URL_NAME = "training";
    static final String API_NAME = "data";

    TrainingJobAction(final Job<?, ?> job) {
        super(job);
    }

    @Override
    public String getIconFileName() {
        return "/plugin/gpu-training/images/gpu-training.svg";
    }

    @Override
    public String getDisplayName() {
        return Messages.TrainingAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** How many builds the trends cover. */
    public int getTrendBuilds() {
        return TrendChart.DEFAULT_BUILDS;
    }

    /** The summary table's rows over the trend's builds. */
    public List<SummaryRow> getRows() {
        getJob().checkPermission(Item.READ);
        return SummaryRow.of(trainedBuilds(TrendChart.DEFAULT_BUILDS), TrendChart.DEFAULT_BUILDS);
    }

    List<TrainedBuild> trainedBuilds(final int limit) {
        return JobBuilds.trained(getJob(), limit);
    }

    /** {@code <job>/training/trend?builds=50}: the trend charts' JSON. */
    public HttpResponse doTrend(final StaplerRequest2 request) {
        getJob().checkPermission(Item.READ);
        int limit = TrendChart.DEFAULT_BUILDS;
        String builds = request.getParameter("builds");
        if (builds != null && !builds.isBlank()) {
            try {
                limit = Integer.parseInt(builds.trim());
            }
            catch (NumberFormatException e) {
                return JsonResponse.error(400, "builds must be a whole number");
            }
            if (limit < 1 || limit > TrendChart.MAX_BUILDS) {
                return JsonResponse.error(400, "builds must be between 1 and " + TrendChart.MAX_BUILDS);
            }
        }
        return JsonResponse.ok(TrendChart.toJson(trainedBuilds(limit), limit));
    }

    /** {@code <job>/training/data/…}: the training JSON API in the agent service's shapes. */
    public TrainingApi getData() {
        getJob().checkPermission(Item.READ);
        return new TrainingApi(getJob());
    }
}
