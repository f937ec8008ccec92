package io.jenkins.plugins.gputraining;

import static io.jenkins.plugins.gputraining.JenkinsMocks.build;
import static io.jenkins.plugins.gputraining.JenkinsMocks.job;
import static io.jenkins.plugins.gputraining.JenkinsMocks.recordedRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.springframework.security.access.AccessDeniedException;

/**
 * The job's pages with mocked builds (after coverage-plugin's CoverageJobActionTest): the factory that adds them,
 * the trends page and its JSON, and the compare page.
 */
class TrainingJobActionTest {
    @TempDir
    Path temp;

    private final List<Run<?, ?>> builds = new ArrayList<>();
    private Job<?, ?> job;
    private final StaplerRequest2 request = mock(StaplerRequest2.class);

    @BeforeEach
    void threeBuildsTwoTrained() {
        for (int number = 1; number <= 3; number++) {
            builds.add(build("trainer", number, Result.SUCCESS, temp.resolve(String.valueOf(number))));
        }
        recordedRun(builds.get(0), temp.resolve("1"), "train", 0.8);
        recordedRun(builds.get(2), temp.resolve("3"), "train", 0.4);
        job = job("trainer", builds);
    }

    @Test
    void theFactoryAddsBothPagesToAJobThatTrainedRecently() {
        TrainingActionFactory factory = new TrainingActionFactory();
        assertThat(factory.type()).isEqualTo(Job.class);
        assertThat(factory.actionType()).isEqualTo(TrainingJobPage.class);
        assertThat(factory.createFor(job)).hasExactlyElementsOfTypes(TrainingJobAction.class,
                TrainingCompareAction.class);
        assertThat(factory.createFor(job("empty", List.of()))).isEmpty();
    }

    @Test
    void theFactoryLooksAtTheLastFiveBuildsOnly() {
        List<Run<?, ?>> many = new ArrayList<>(builds);
        for (int number = 4; number <= 8; number++) {
            many.add(build("trainer", number, Result.SUCCESS, null));
        }
        assertThat(new TrainingActionFactory().createFor(job("many", many))).isEmpty();
    }

    @Test
    void theFactoryCachesItsAnswerUntilTheLastBuildChanges() {
        // Jenkins calls a TransientActionFactory on every action look-up of the job.
        AtomicLong now = new AtomicLong(1_000);
        TrainingActionFactory factory = new TrainingActionFactory(now::get);
        Run<?, ?> last = builds.get(2);
        Run<?, ?> middle = builds.get(1);
        clearInvocations(last, middle);

        for (int i = 0; i < 10; i++) {
            assertThat(factory.createFor(job)).hasSize(2);
        }
        verify(last, times(1)).getAction(TrainingBuildAction.class);

        Job<?, ?> untrained = job("untrained", List.of(build("untrained", 1, null, null)));
        Run<?, ?> running = untrained.getLastBuild();
        assertThat(factory.createFor(untrained)).isEmpty();
        assertThat(factory.createFor(untrained)).isEmpty();
        verify(running, times(1)).getAction(TrainingBuildAction.class);
        // A running build attaches its training later: a "no" is asked again after a while.
        TrainingBuildAction.attach(running);
        now.addAndGet(TrainingActionFactory.NO_TRAINING_REUSE_MILLIS);
        assertThat(factory.createFor(untrained)).hasSize(2);
        verify(middle, never()).getAction(TrainingBuildAction.class);

        // A new last build: asked again.
        Run<?, ?> fourth = build("trainer", 4, null, null);
        builds.add(fourth);
        when(fourth.getPreviousBuild()).thenAnswer(call -> last);
        assertThat(factory.createFor(job)).hasSize(2);
        verify(fourth, times(1)).getAction(TrainingBuildAction.class);
    }

    @Test
    void theTrendsPageListsTheTrainedBuilds() {
        TrainingJobAction action = new TrainingJobAction(job);
        assertThat(action.getJob()).isSameAs(job);
        assertThat(action.getUrlName()).isEqualTo("training");
        assertThat(action.getDisplayName()).isEqualTo("GPU Training");
        assertThat(action.getIconFileName()).endsWith(".svg");
        assertThat(action.getTrendBuilds()).isEqualTo(50);
        assertThat(action.getRows()).extracting(row -> row.getBuild()).containsExactly(3, 1);
        assertThat(((JsonResponse) action.doTrend(request)).body()).contains("\"final_loss\"");
        when(request.getParameter("builds")).thenReturn("2");
        assertThat(((JsonResponse) action.doTrend(request)).status()).isEqualTo(200);
        when(request.getParameter("builds")).thenReturn("x");
        assertThat(((JsonResponse) action.doTrend(request)).status()).isEqualTo(400);
        when(request.getParameter("builds")).thenReturn("100000");
        assertThat(((JsonResponse) action.doTrend(request)).status()).isEqualTo(400);
    }

    @Test
    void thePagesNeedItemRead() {
        doThrow(new AccessDeniedException("no READ")).when(job).checkPermission(Item.READ);
        assertThatThrownBy(() -> new TrainingJobAction(job).getRows()).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> new TrainingJobAction(job).doTrend(request))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> new TrainingCompareAction(job).getView(request))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void theComparePageComparesTheAskedBuilds() {
        TrainingCompareAction action = new TrainingCompareAction(job);
        assertThat(action.getUrlName()).isEqualTo("training-compare");
        assertThat(action.getIconFileName()).isNull();
        assertThat(action.getDisplayName()).isEqualTo("Compare training builds");
        when(request.getParameterValues("builds")).thenReturn(new String[] {"1,3", "3", "2"});

        TrainingCompareAction.CompareView view = action.getView(request);

        assertThat(view.getError()).isNull();
        assertThat(view.getRows()).hasSize(2);
        assertThat(view.getMissing()).containsExactly("#2");
        assertThat(view.getRoute()).isEqualTo("/compare?ids=1,3");
        assertThat(view.getCategories()).isNotEmpty();
    }

    @Test
    void theComparePageSaysWhatIsWrongWithTheRequest() {
        TrainingCompareAction action = new TrainingCompareAction(job);
        when(request.getParameterValues("builds")).thenReturn(new String[] {"twelve"});
        assertThat(action.getView(request).getError()).isNotBlank();
        when(request.getParameterValues("builds")).thenReturn(null);
        assertThat(action.getView(request).getRows()).isEmpty();
        StringBuilder many = new StringBuilder("1");
        for (int number = 2; number <= 101; number++) {
            many.append(',').append(number);
        }
        when(request.getParameterValues("builds")).thenReturn(new String[] {many.toString()});
        assertThat(action.getView(request).getError()).startsWith("at most");
    }
}
