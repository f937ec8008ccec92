package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static io.jenkins.plugins.gputraining.JenkinsMocks.job;
import static io.jenkins.plugins.gputraining.JenkinsMocks.local;
import static io.jenkins.plugins.gputraining.JenkinsMocks.recordedRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.User;
import io.jenkins.plugins.gputraining.model.control.ControlChannel;
import io.jenkins.plugins.gputraining.model.control.ControlRequest;
import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import io.jenkins.plugins.gputraining.model.progress.LifecycleEvent;
import io.jenkins.plugins.gputraining.model.progress.RunWriter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.mockito.MockedStatic;
import org.springframework.security.access.AccessDeniedException;

/** One run of the job's training API ({@code data/<key>/…}): reads, downloads, and pause/resume/cancel. */
class RunEndpointTest {
    @TempDir
    Path temp;

    private Job<?, ?> job;
    private Run<?, ?> build;
    private TrainingRun run;
    private final StaplerRequest2 request = mock(StaplerRequest2.class);

    @BeforeEach
    void aRecordedRun() {
        build = build("pages", 1, Result.SUCCESS, temp.resolve("artifacts"));
        run = recordedRun(build, temp.resolve("artifacts"), "tiny", 0.5);
        job = job("pages", List.of(build));
    }

    private RunEndpoint endpoint() {
        return new TrainingApi(job).getDynamic("1", request, mock(StaplerResponse2.class));
    }

    private static JsonResponse json(final HttpResponse response) {
        return (JsonResponse) response;
    }

    @Test
    void readsTheArchivedRun() {
        assertThat(json(endpoint().doIndex()).body()).containsPattern("\"job_id\" ?: ?\"tiny\"");
        assertThat(json(endpoint().doAnalytics(request)).body()).contains("\"losses\"");
        when(request.getParameter("format")).thenReturn("csv");
        assertThat(json(endpoint().doAnalytics(request)).contentType()).startsWith("text/csv");
        when(request.getParameter("metric")).thenReturn("loss");
        assertThat(json(endpoint().doSeries(request)).body()).contains("\"axis\":\"step\"");
        when(request.getParameter("metric")).thenReturn("utilization_percent");
        assertThat(json(endpoint().doGpuSeries(request)).status()).isEqualTo(200);
        when(request.getParameter("metric")).thenReturn("nope");
        assertThat(json(endpoint().doSeries(request)).status()).isEqualTo(400);
    }

    @Test
    void readsALiveRunOnItsNode() {
        TrainingRun live = TrainingBuildAction.attach(build).allocate("live", "live", "trainOnGpu", "now");
        Path directory = temp.resolve("node/run");
        RunFixture.in(directory, "live").loss(10, 1, 2.0).loss(20, 2, 1.5).stillRunning();
        live.setLiveDirectory(local(directory));
        RunEndpoint endpoint = new TrainingApi(job).getDynamic("1.2", request, mock(StaplerResponse2.class));

        assertThat(json(endpoint.doIndex()).body()).containsPattern("\"status\" ?: ?\"running\"");
        assertThat(json(endpoint.doAnalytics(request)).body()).contains("\"losses\"");
        when(request.getParameter("metric")).thenReturn("loss");
        assertThat(json(endpoint.doSeries(request)).body()).contains("\"axis\"");
        // Cached for a second: the same answer again.
        assertThat(json(endpoint.doSeries(request)).body()).contains("\"axis\"");
    }

    @Test
    void aRunWithoutDataYetIs404() {
        TrainingBuildAction.attach(build).allocate("pending", "pending", "trainOnGpu", "now");
        RunEndpoint endpoint = new TrainingApi(job).getDynamic("1.2", request, mock(StaplerResponse2.class));
        assertThat(json(endpoint.doIndex()).status()).isEqualTo(404);
        when(request.getRestOfPath()).thenReturn("/progress.json");
        assertThat(json(endpoint.getDownload().doDynamic(request)).status()).isEqualTo(409);
    }

    @Test
    void downloadsRedirectToTheArtifactsAndAnswerJsonErrors() throws Exception {
        when(request.getRestOfPath()).thenReturn("/metrics.jsonl");
        HttpResponse download = endpoint().getDownload().doDynamic(request);
        StaplerResponse2 response = mock(StaplerResponse2.class);
        when(request.getContextPath()).thenReturn("/jenkins");
        download.generateResponse(request, response, null);
        verify(response).sendRedirect2("/jenkins/job/pages/1/artifact/gpu-training/tiny/metrics.jsonl");

        when(request.getRestOfPath()).thenReturn("/secrets.txt");
        assertThat(json(endpoint().getDownload().doDynamic(request)).status()).isEqualTo(404);
        when(request.getRestOfPath()).thenReturn("");
        assertThat(json(endpoint().getDownload().doDynamic(request)).body()).contains("the artifacts are");

        when(request.getRestOfPath()).thenReturn("/checkpoint/checkpoint-20");
        HttpResponse checkpoint = endpoint().getDownload().doDynamic(request);
        checkpoint.generateResponse(request, response, null);
        verify(response).sendRedirect2("/jenkins/job/pages/1/artifact/gpu-training/tiny/checkpoints/out/checkpoint-20");
        when(request.getRestOfPath()).thenReturn("/checkpoint/other");
        assertThat(json(endpoint().getDownload().doDynamic(request)).body()).contains("no checkpoint");
    }

    @Test
    void aCheckpointThatWasNotArchivedIs404() {
        run.recorded(run.getSummary(), null, List.of());
        when(request.getRestOfPath()).thenReturn("/checkpoint/checkpoint-20");
        assertThat(json(endpoint().getDownload().doDynamic(request)).body()).contains("was not archived");
    }

    @Test
    void controlNeedsCancelAndALiveRun() {
        doThrow(new AccessDeniedException("no CANCEL")).when(job).checkPermission(Item.CANCEL);
        assertThatThrownBy(() -> endpoint().doPause(request)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void controlOfARunThatIsNotLiveIsAConflict() {
        JsonResponse answer = json(endpoint().doPause(request));
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body()).contains("not running under trainOnGpu");
    }

    @Test
    void pausesResumesAndCancelsALiveRunThroughItsControlChannel() throws Exception {
        Run<?, ?> running = build("live", 1, null, temp.resolve("live-artifacts"));
        TrainingRun live = TrainingBuildAction.attach(running).allocate("train", "train", "trainOnGpu", "now");
        Path directory = temp.resolve("node/live");
        RunFixture.in(directory, "train").loss(10, 1, 2.0).stillRunning();
        live.setLiveDirectory(local(directory));
        Job<?, ?> liveJob = job("live", List.of(running));
        AtomicBoolean stop = new AtomicBoolean();
        Thread agent = answerControlRequests(directory, stop);
        try (MockedStatic<User> users = mockStatic(User.class)) {
            User user = mock(User.class);
            when(user.getId()).thenReturn("alice");
            users.when(User::current).thenReturn(user);
            RunEndpoint endpoint = new TrainingApi(liveJob).getDynamic("1", request, mock(StaplerResponse2.class));

            when(request.getContentType()).thenReturn("application/json");
            when(request.getInputStream()).thenReturn(body("{\"mode\": \"checkpoint\"}"));
            JsonResponse paused = json(endpoint.doPause(request));
            assertThat(paused.status()).isEqualTo(200);
            assertThat(paused.body()).contains("\"accepted\":true", "\"mode\":\"checkpoint\"");

            when(request.getContentType()).thenReturn(null);
            assertThat(json(endpoint.doResume(request)).body()).contains("\"action\":\"resume\"");
            when(request.getParameter("mode")).thenReturn("suspend");
            assertThat(json(endpoint.doPause(request)).body()).contains("\"mode\":\"suspend\"");
            when(request.getParameter("mode")).thenReturn(null);
            assertThat(json(endpoint.doCancel(request)).status()).isEqualTo(200);

            when(request.getContentType()).thenReturn("application/json");
            when(request.getInputStream()).thenReturn(body("{not json"));
            assertThat(json(endpoint.doPause(request)).status()).isEqualTo(400);
        }
        finally {
            stop.set(true);
            agent.join();
        }
    }

    /** The agent's side of the control channel: answers every request with an event carrying its id. */
    static Thread answerControlRequests(final Path directory, final AtomicBoolean stop) {
        Thread agent = new Thread(() -> {
            ControlChannel channel = ControlChannel.of(directory);
            while (!stop.get()) {
                for (ControlRequest request : channel.take(new ArrayList<>())) {
                    try (RunWriter writer = RunWriter.open(directory)) {
                        writer.appendEvent(LifecycleEvent.of(RunFixture.T0 + 100, request.action().acceptedEvent(),
                                "done").with(LifecycleEvent.REQUEST_ID, request.id()));
                    }
                    catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                try {
                    Thread.sleep(20);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }, "fake agent");
        agent.setDaemon(true);
        agent.start();
        return agent;
    }

    private static ServletInputStream body(final String text) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(final ReadListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read() {
                return bytes.read();
            }
        };
    }
}
