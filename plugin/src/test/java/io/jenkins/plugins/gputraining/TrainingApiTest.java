package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static io.jenkins.plugins.gputraining.JenkinsMocks.job;
import static io.jenkins.plugins.gputraining.JenkinsMocks.recordedRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.springframework.security.access.AccessDeniedException;

/** The job's training API ({@code <job>/training/data/…}) with mocked builds: answers, refusals, permissions. */
class TrainingApiTest {
    @TempDir
    Path temp;

    private Job<?, ?> job;
    private TrainingApi api;
    private final StaplerRequest2 request = mock(StaplerRequest2.class);

    @BeforeEach
    void twoBuildsOneTrained() {
        Run<?, ?> first = build("pages", 1, Result.SUCCESS, temp.resolve("1"));
        Run<?, ?> second = build("pages", 2, Result.SUCCESS, temp.resolve("2"));
        recordedRun(second, temp.resolve("2"), "tiny", 0.5);
        job = job("pages", List.of(first, second));
        api = new TrainingJobAction(job).getData();
    }

    @Test
    void aKeyThatIsNotARunIsAThrownJson404() {
        // Thrown, not returned: Stapler would dispatch a returned response against the rest of the URL
        // (data/99/analytics) and answer an HTML 404.
        for (String token : List.of("99", "1", "nope", "2.2")) {
            assertThatThrownBy(() -> api.getDynamic(token, request, mock(StaplerResponse2.class)))
                    .as(token).isInstanceOfSatisfying(JsonResponse.class, error -> {
                        assertThat(error.status()).isEqualTo(404);
                        assertThat(error.body()).startsWith("{\"error\":");
                    });
        }
        assertThat(api.getDynamic("2", request, mock(StaplerResponse2.class))).isNotNull();
    }

    @Test
    void aThrownResponseRendersAsJson() throws Exception {
        JsonResponse error = catchJson(() -> api.getDynamic("99", request, mock(StaplerResponse2.class)));
        StaplerResponse2 response = mock(StaplerResponse2.class);
        StringWriter body = new StringWriter();
        when(response.getWriter()).thenReturn(new PrintWriter(body));

        error.generateResponse(request, response, null);

        verify(response).setStatus(404);
        verify(response).setContentType("application/json;charset=UTF-8");
        verify(response).setHeader("X-Content-Type-Options", "nosniff");
        assertThat(body.toString()).contains("no training run 99 in pages");
    }

    @Test
    void listsSummarisesAndComparesTheRuns() {
        assertThat(((JsonResponse) api.doIndex(request)).body()).contains("\"job_id\":\"2\"");
        assertThat(((JsonResponse) api.getAnalytics().doSummary(request)).body()).contains("\"total_jobs\"");
        when(request.getParameter("job_ids")).thenReturn("2");
        JsonResponse compare = (JsonResponse) api.getAnalytics().doCompare(request);
        assertThat(compare.status()).isEqualTo(200);
        assertThat(compare.body()).contains("\"winner\"");
        when(request.getParameter("format")).thenReturn("csv");
        assertThat(((JsonResponse) api.getAnalytics().doCompare(request)).contentType()).startsWith("text/csv");
    }

    @Test
    void refusesABadLimitWithA400() {
        when(request.getParameter("limit")).thenReturn("0");
        assertThat(((JsonResponse) api.doIndex(request)).status()).isEqualTo(400);
        when(request.getParameter("limit")).thenReturn("many");
        assertThat(((JsonResponse) api.getAnalytics().doSummary(request)).status()).isEqualTo(400);
        when(request.getParameter("limit")).thenReturn(" 7 ");
        assertThat(TrainingApi.limit(request)).isEqualTo(7);
    }

    @Test
    void needsItemRead() {
        doThrow(new AccessDeniedException("no READ")).when(job).checkPermission(Item.READ);
        assertThatThrownBy(() -> api.doIndex(request)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> api.getDynamic("2", request, mock(StaplerResponse2.class)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> new TrainingJobAction(job).getData()).isInstanceOf(AccessDeniedException.class);
    }

    private static JsonResponse catchJson(final Runnable call) {
        try {
            call.run();
        }
        catch (JsonResponse response) {
            return response;
        }
        throw new AssertionError("no JSON response thrown");
    }
}
