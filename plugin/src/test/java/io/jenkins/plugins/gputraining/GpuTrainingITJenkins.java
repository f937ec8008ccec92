package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import io.jenkins.plugins.gputraining.view.TrainingSummary;
import java.net.URL;
import java.util.List;
import jenkins.model.Jenkins;
import jenkins.security.QueueItemAuthenticatorConfiguration;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.MockQueueItemAuthenticator;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The plugin in a real Jenkins (jenkins-test-harness): pipelines running trainOnGpu on a small training script,
 * recordTraining, pause/resume (and its refusal without Item.CANCEL), compareTraining and the pages. Runs in the real
 * build only (mvn -Pjenkins verify); the offline build neither compiles nor runs *ITJenkins classes (docs/plugin.md).
 * Needs a Unix controller with sh (the built-in node runs the agent).
 */
@WithJenkins
class GpuTrainingITJenkins {
    /** A tiny "training": prints JSON-lines progress, the loss falling, 0.05 s a step. */
    private static final String TRAIN_SH = "i=0; while [ $i -lt 40 ]; do i=$((i+1)); "
            + "echo \"{\\\\\"step\\\\\": $i, \\\\\"loss\\\\\": $(awk \"BEGIN { print 2 / $i }\"), "
            + "\\\\\"samples_per_second\\\\\": 100}\"; sleep 0.05; done";
    /** A long one, to pause and resume. */
    private static final String LONG_SH = "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); "
            + "echo \"{\\\\\"step\\\\\": $i, \\\\\"loss\\\\\": 1.0}\"; sleep 0.2; done";

    private static WorkflowJob pipeline(final JenkinsRule j, final String name, final String script)
            throws Exception {
        WorkflowJob job = j.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    private static String train(final String script, final String options) {
        return "node {\n"
                + "  writeFile file: 'train.sh', text: '''" + script + "'''\n"
                + "  def analytics = trainOnGpu(command: 'sh train.sh', format: 'jsonl'" + options + ")\n"
                + "  echo \"status=${analytics.status} final=${analytics.losses['final']}\"\n"
                + "}\n";
    }

    @Test
    void trainOnGpuRunsTheAgentArchivesAndReturnsTheAnalytics(final JenkinsRule j) throws Exception {
        WorkflowJob job = pipeline(j, "trainer", train(TRAIN_SH, ", name: 'tiny', maxFinalLoss: 10"));

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("[gpu-training] Training run tiny", build);
        j.assertLogContains("status=completed", build);
        j.assertLogContains("Quality gates passed", build);
        TrainingBuildAction action = build.getAction(TrainingBuildAction.class);
        assertThat(action).isNotNull();
        TrainingRun run = action.getRun("tiny");
        assertThat(run.isRecorded()).isTrue();
        TrainingSummary summary = run.getSummary();
        assertThat(summary.getStatus()).isEqualTo("completed");
        assertThat(summary.getSteps()).isEqualTo(40L);
        assertThat(build.getArtifactManager().root().child("gpu-training").child("tiny").child("progress.json")
                .isFile()).isTrue();
        assertThat(build.getArtifactManager().root().child("gpu-training").child("tiny").child("control").exists())
                .isFalse();

        // What build.xml keeps survives a reload.
        build.reload();
        assertThat(build.getAction(TrainingBuildAction.class).getRun("tiny").getSummary()).isEqualTo(summary);
    }

    @Test
    void qualityGatesSetTheBuildResultAndSayWhy(final JenkinsRule j) throws Exception {
        WorkflowJob job = pipeline(j, "gated", train(TRAIN_SH, ", maxFinalLoss: 0.0001, gateResult: 'UNSTABLE'"));

        WorkflowRun build = j.assertBuildStatus(Result.UNSTABLE, job.scheduleBuild2(0));

        j.assertLogContains("Quality gate failed: final loss", build);
        assertThat(build.getAction(TrainingBuildAction.class).getRuns().get(0).getGateResult()).isEqualTo("UNSTABLE");
    }

    @Test
    void recordTrainingArchivesARunDirectoryWrittenElsewhere(final JenkinsRule j) throws Exception {
        String progress = "{\"format\":\"gpu-training/progress@1\",\"job_id\":\"sh-run\",\"name\":\"under sh\","
                + "\"status\":\"completed\",\"started_at\":\"2026-01-01T00:00:00Z\",\"ended_at\":\"2026-01-01T00:10:00Z\","
                + "\"exit_code\":0,\"gpus\":[],\"telemetry\":{\"available\":false,\"reason\":\"no GPU\"},"
                + "\"checkpoints\":[]}";
        String metrics = "{\"time\":1767225610,\"step\":1,\"loss\":2.0}\n{\"time\":1767225620,\"step\":2,\"loss\":1.0}\n";
        WorkflowJob job = pipeline(j, "recorder", "node {\n"
                + "  writeFile file: 'runs/sh-run/progress.json', text: '" + progress + "'\n"
                + "  writeFile file: 'runs/sh-run/metrics.jsonl', text: '''" + metrics + "'''\n"
                + "  def analytics = recordTraining(runDir: 'runs/sh-run')\n"
                + "  echo \"best=${analytics.losses.best}\"\n"
                + "}\n");

        WorkflowRun build = j.buildAndAssertSuccess(job);

        j.assertLogContains("best=1.0", build);
        assertThat(build.getAction(TrainingBuildAction.class).getRun("sh-run").getSource()).isEqualTo("recordTraining");
    }

    @Test
    void compareTrainingReturnsWinnersAndGates(final JenkinsRule j) throws Exception {
        WorkflowJob job = pipeline(j, "compared", train(TRAIN_SH, ""));
        j.buildAndAssertSuccess(job);
        j.buildAndAssertSuccess(job);
        job.setDefinition(new CpsFlowDefinition("node {\n"
                + "  def cmp = compareTraining(builds: [1, 2])\n"
                + "  echo \"winner=${cmp.winner.best_throughput} jobs=${cmp.jobs.size()}\"\n"
                + "  compareTraining(last: 2, requireBest: 'fastest', gateResult: 'UNSTABLE')\n"
                + "}\n", true));

        WorkflowRun third = job.scheduleBuild2(0).get();

        j.assertLogContains("winner=1 jobs=2", third);
        j.assertLogContains("[gpu-training] Winners:", third);
        // Build 3 recorded no training: last: 2 compares builds 1 and 2, and this build wins nothing.
        j.assertBuildStatus(Result.UNSTABLE, third);
        j.assertLogContains("Comparison gate failed: fastest", third);
    }

    @Test
    void pauseAndResumeNeedCancelAndPost(final JenkinsRule j) throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ).everywhere().to("reader")
                .grant(Jenkins.READ, Item.READ, Item.CANCEL).everywhere().to("operator"));
        WorkflowJob job = pipeline(j, "long", train(LONG_SH, ", name: 'long'"));
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        j.waitForMessage("\"step\": 3", build);

        JenkinsRule.WebClient reader = j.createWebClient().login("reader");
        reader.setThrowExceptionOnFailingStatusCode(false);
        assertThat(post(reader, j, "job/long/training/data/1/pause").getWebResponse().getStatusCode())
                .as("reader lacks Item.CANCEL").isEqualTo(403);

        JenkinsRule.WebClient operator = j.createWebClient().login("operator");
        operator.setThrowExceptionOnFailingStatusCode(false);
        assertThat(operator.goTo("job/long/training/data/1/pause", "text/html").getWebResponse().getStatusCode())
                .as("GET is refused").isEqualTo(405);
        Page paused = post(operator, j, "job/long/training/data/1/pause");
        assertThat(paused.getWebResponse().getStatusCode()).isEqualTo(200);
        assertThat(paused.getWebResponse().getContentAsString()).contains("\"accepted\":true", "\"event\":\"paused\"");
        Page resumed = post(operator, j, "job/long/training/data/1/resume");
        assertThat(resumed.getWebResponse().getContentAsString()).contains("\"event\":\"resumed\"");

        // From a pipeline running as "reader": refused without CANCEL on the target job.
        QueueItemAuthenticatorConfiguration.get().getAuthenticators().add(new MockQueueItemAuthenticator()
                .authenticate("pauser", User.getById("reader", true).impersonate2()));
        WorkflowJob pauser = pipeline(j, "pauser", "pauseTraining(job: 'long', build: 1)");
        WorkflowRun refused = j.assertBuildStatus(Result.FAILURE, pauser.scheduleBuild2(0));
        j.assertLogContains("is missing the Job/Cancel permission", refused);

        // Aborting stops the training and still archives what was recorded.
        build.doStop();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(build));
        TrainingRun run = build.getAction(TrainingBuildAction.class).getRun("long");
        assertThat(run.isRecorded()).isTrue();
        assertThat(run.getStatus()).isEqualTo("cancelled");
    }

    @Test
    void pauseTrainingOfAnotherJobChecksTheResponsibleUser(final JenkinsRule j) throws Exception {
        // The review's finding: a pipeline runs as SYSTEM unless an authorize-project strategy says otherwise, so
        // checking Item.CANCEL as the build's authentication let any pipeline pause any build.
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, Item.READ, Item.BUILD).everywhere().to("builder"));
        User.getById("admin", true);
        User.getById("builder", true);
        WorkflowJob victimJob = pipeline(j, "victim", train(LONG_SH, ", name: 'long'"));
        WorkflowRun victim = victimJob.scheduleBuild2(0).waitForStart();
        j.waitForMessage("\"step\": 3", victim);
        WorkflowJob attacker = pipeline(j, "attacker", "pauseTraining(job: 'victim', build: 1)");

        WorkflowRun nobody = j.assertBuildStatus(Result.FAILURE, attacker.scheduleBuild2(0));
        j.assertLogContains("this build runs as SYSTEM and no user started it", nobody);
        WorkflowRun builder = j.assertBuildStatus(Result.FAILURE, attacker.scheduleBuild2(0,
                new CauseAction(new Cause.UserIdCause("builder"))));
        j.assertLogContains("builder (who started this build) is missing the Job/Cancel permission on victim",
                builder);
        j.assertBuildStatusSuccess(attacker.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("admin"))));

        TrainingRun run = victim.getAction(TrainingBuildAction.class).getRun("long");
        assertThat(run.getControlNotes()).singleElement().asString()
                .startsWith("paused by admin (pauseTraining in attacker #3) at ");
        assertThat(j.createWebClient().login("admin").getPage(victim, "training/").asNormalizedText())
                .contains("paused by admin (pauseTraining in attacker #3)");
        victim.doStop();
        j.waitForCompletion(victim);
    }

    @Test
    void pauseTrainingFailsClearlyOnABuildThatIsNotRunning(final JenkinsRule j) throws Exception {
        j.buildAndAssertSuccess(pipeline(j, "done", train(TRAIN_SH, "")));
        WorkflowJob pauser = pipeline(j, "pauser", "pauseTraining(job: 'done', build: 1)");

        WorkflowRun build = j.assertBuildStatus(Result.FAILURE, pauser.scheduleBuild2(0));

        j.assertLogContains("is not running, so it has no training to pause or resume", build);
    }

    @Test
    void pagesRender(final JenkinsRule j) throws Exception {
        WorkflowJob job = pipeline(j, "pages", train(TRAIN_SH, ", name: 'tiny'"));
        j.buildAndAssertSuccess(job);
        j.buildAndAssertSuccess(job);
        JenkinsRule.WebClient web = j.createWebClient();
        web.getOptions().setJavaScriptEnabled(false);

        // The build's page is the Jenkins-free view model the build action proxies to.
        assertThat(web.getPage(job.getBuildByNumber(2), "training/").asNormalizedText())
                .contains("GPU Training", "tiny", "Final loss", "Efficiency");
        assertThat(web.getPage(job.getBuildByNumber(2)).asNormalizedText()).contains("Final loss");
        assertThat(web.getPage(job, "training/").asNormalizedText()).contains("Training runs", "#1", "#2");
        assertThat(web.getPage(job, "training-compare?builds=1,2").asNormalizedText()).contains("#1", "#2");
        assertThat(web.goTo("job/pages/training/data/", "application/json").getWebResponse().getContentAsString())
                .contains("\"job_id\":\"2\"");
        assertThat(web.goTo("job/pages/training/data/2/analytics", "application/json").getWebResponse()
                .getContentAsString()).contains("\"losses\"");
        assertThat(web.goTo("job/pages/training/data/2/series?metric=loss", "application/json").getWebResponse()
                .getContentAsString()).contains("\"axis\":\"step\"");
        assertThat(web.goTo("job/pages/training/trend", "application/json").getWebResponse().getContentAsString())
                .contains("\"final_loss\"");
        // The runs are exported with the build's own API (the page is a StaplerProxy target: no training/api).
        assertThat(web.goTo("job/pages/2/api/json?tree=actions[runs[id,status]]", "application/json")
                .getWebResponse().getContentAsString()).contains("\"runs\"", "\"tiny\"");

        web.setThrowExceptionOnFailingStatusCode(false);
        // Errors are JSON with their status, also where a getDynamic refuses: a returned response would have been
        // dispatched against the rest of the URL ("analytics") and answered with Jenkins' HTML 404.
        for (String path : List.of("job/pages/training/data/99/analytics", "job/pages/training/data/nope",
                "job/pages/training/data/2/download/secrets.txt", "job/pages/training/data/2/download/checkpoint/x")) {
            Page error = web.goTo(path, "application/json");
            assertThat(error.getWebResponse().getStatusCode()).as(path).isEqualTo(404);
            assertThat(error.getWebResponse().getContentAsString()).as(path).startsWith("{\"error\":");
        }
        assertThat(web.goTo("job/pages/training/data/2/series?metric=nope", "application/json").getWebResponse()
                .getContentAsString()).contains("\"error\"");
        // Downloads redirect to the build's artifacts.
        web.getOptions().setRedirectEnabled(false);
        Page download = web.goTo("job/pages/training/data/2/download/progress.json", null);
        assertThat(download.getWebResponse().getStatusCode()).isEqualTo(302);
        assertThat(download.getWebResponse().getResponseHeaderValue("Location"))
                .endsWith("/job/pages/2/artifact/gpu-training/tiny/progress.json");
        web.getOptions().setRedirectEnabled(true);

        // The badge is in the build history, which 2.479's job page fills by AJAX from this fragment (with
        // JavaScript off the job page itself has no row): one row per build, the stylesheet once, as an adjunct.
        String history = web.goTo("job/pages/buildHistory/ajax", "text/html").getWebResponse().getContentAsString();
        assertThat(history.split("class=\"gpu-training-badge ", -1)).as("a badge per build").hasSize(3);
        assertThat(history.split("io/jenkins/plugins/gputraining/training.css", -1)).as("one stylesheet").hasSize(2);
        assertThat(history).doesNotContain("/plugin/gpu-training/css/");
        // The adjunct and the dashboard's files are served (the Resource-Path is the assembled target/webapp).
        assertThat(web.goTo("plugin/gpu-training/dashboard/app.js", null).getWebResponse()
                .getStatusCode()).isEqualTo(200);
        assertThat(web.goTo("plugin/gpu-training/js/dashboard-host.js", null).getWebResponse()
                .getStatusCode()).isEqualTo(200);
    }

    private static Page post(final JenkinsRule.WebClient web, final JenkinsRule j, final String path)
            throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(), path), HttpMethod.POST);
        web.addCrumb(request);
        return web.getPage(request);
    }
}
