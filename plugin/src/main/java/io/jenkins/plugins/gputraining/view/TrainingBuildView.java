package io.jenkins.plugins.gputraining.view;

import java.util.List;

/**
 * The build's "GPU Training" page ({@code <build>/training/}), as a Jenkins-free view model: the build action is a
 * {@code StaplerProxy} whose target this is, so Stapler renders {@code TrainingBuildView/index.jelly} with it.
 *
 * @param buildName the build's full display name
 * @param buildUrl the build's URL from the context root, with a trailing slash ({@code job/x/12/})
 * @param apiPath the URL from the context root of the job's training API that the dashboard reads
 * @param runs the build's runs, in the order they ran
 */
public record TrainingBuildView(String buildName, String buildUrl, String apiPath, List<TrainingRunView> runs) {
    public TrainingBuildView {
        runs = List.copyOf(runs);
    }

    // JavaBeans getters for Jelly.
    public String getBuildName() {
        return buildName;
    }

    public String getBuildUrl() {
        return buildUrl;
    }

    public String getApiPath() {
        return apiPath;
    }

    public List<TrainingRunView> getRuns() {
        return runs;
    }

    /** The dashboard's first route: the first run, or {@code null} without runs. */
    public String getRoute() {
        return runs.isEmpty() ? null : "/run/" + runs.get(0).key();
    }

    /** The page's title. */
    public String getTitle() {
        return buildName + " · GPU Training";
    }
}
