package io.jenkins.plugins.gputraining.model.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.gputraining.model.control.ControlAction;
import io.jenkins.plugins.gputraining.model.control.ControlOutcome;
import io.jenkins.plugins.gputraining.model.control.PauseMode;
import io.jenkins.plugins.gputraining.model.series.Axis;
import io.jenkins.plugins.gputraining.model.series.GpuMetric;
import io.jenkins.plugins.gputraining.model.series.TrainingMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the training API accepts and how its small bodies read; the full bodies are checked by the API contract. */
class ApiQueriesAndBodiesTest {
    @Test
    void seriesQueriesHaveDefaultsAndNameWhatIsWrong() {
        assertThat(SeriesQuery.training(null, null, null)).isEqualTo(new SeriesQuery(TrainingMetric.LOSS, null,
                Axis.STEP, SeriesQuery.DEFAULT_POINTS));
        assertThat(SeriesQuery.training("samples_per_second", "elapsed_seconds", "100").axis())
                .isEqualTo(Axis.ELAPSED_SECONDS);
        assertThat(SeriesQuery.gpu("power_watts", "10").gpuMetric()).isEqualTo(GpuMetric.POWER_WATTS);
        assertThat(SeriesQuery.gpu(null, null).metricName()).isEqualTo("utilization_percent");
        assertThatThrownBy(() -> SeriesQuery.training("accuracy", null, null)).isInstanceOf(ApiRequestException.class)
                .hasMessageContaining("bad metric \"accuracy\"; expected one of loss, samples_per_second, learning_rate");
        assertThatThrownBy(() -> SeriesQuery.training(null, "time", null)).hasMessageContaining("bad axis \"time\"; expected one of step, elapsed_seconds");
        assertThatThrownBy(() -> SeriesQuery.gpu(null, "3")).hasMessage("bad points 3; expected a whole number between 7 and 10000");
        assertThatThrownBy(() -> SeriesQuery.gpu(null, "many")).hasMessage("bad points \"many\"; expected a whole number between 7 and 10000");
        assertThat(catchThrowableOfType(ApiRequestException.class, () -> SeriesQuery.gpu("x", null)).status())
                .isEqualTo(400);
    }

    @Test
    void comparisonsTakeOneToTwentyDistinctRunsAndCurvesWhenAsked() {
        CompareQuery plain = CompareQuery.parse("a, b", null, null, null);
        assertThat(plain.runIds()).containsExactly("a", "b");
        assertThat(plain.curves()).isNull();
        assertThat(CompareQuery.parse("a", "loss", "step", "100").curves()).isEqualTo(TrainingMetric.LOSS);
        assertThat(CompareQuery.parse("a", null, null, "100").curves()).as("points ask for loss curves")
                .isEqualTo(TrainingMetric.LOSS);
        assertThat(CompareQuery.parse("a", "none", null, null).curves()).isNull();
        assertThatThrownBy(() -> CompareQuery.parse(null, null, null, null)).hasMessageContaining("job_ids is required");
        assertThatThrownBy(() -> CompareQuery.parse("a,,b", null, null, null)).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> CompareQuery.parse("a,a", null, null, null)).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> CompareQuery.parse("a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u", null, null, null))
                .hasMessageContaining("at most 20");
    }

    @Test
    void controlBodiesNameAPauseModeOrNothing() {
        assertThat(ControlBody.mode(ApiJson.tree("{\"mode\":\"checkpoint\"}"), ControlAction.PAUSE))
                .isEqualTo(PauseMode.CHECKPOINT);
        assertThat(ControlBody.mode(ApiJson.tree("{}"), ControlAction.PAUSE)).isNull();
        assertThat(ControlBody.mode(null, ControlAction.CANCEL)).isNull();
        assertThatThrownBy(() -> ControlBody.mode(ApiJson.tree("[1]"), ControlAction.PAUSE))
                .hasMessage("the request body must be a JSON object");
        assertThatThrownBy(() -> ControlBody.mode(ApiJson.tree("{\"force\":true}"), ControlAction.PAUSE))
                .hasMessageContaining("unknown field \"force\"");
        assertThatThrownBy(() -> ControlBody.mode(ApiJson.tree("{\"mode\":\"suspend\"}"), ControlAction.RESUME))
                .hasMessageContaining("resume takes no body");
        assertThatThrownBy(() -> ControlBody.mode(ApiJson.tree("{\"mode\":\"sleep\"}"), ControlAction.PAUSE))
                .hasMessageContaining("bad \"mode\"");
        assertThat(ControlBody.modeParameter("Suspend", ControlAction.PAUSE)).isEqualTo(PauseMode.SUSPEND);
        assertThatThrownBy(() -> ControlBody.modeParameter("suspend", ControlAction.CANCEL))
                .hasMessageContaining("pause only");
    }

    @Test
    void errorsAndControlAnswersAreEscapedJson() {
        assertThat(ApiJson.tree(ApiJson.error("bad \"<id>\"")).get("error").asText()).isEqualTo("bad \"<id>\"");
        JsonNode pending = ApiJson.tree(ApiJson.control(new ControlAnswer("r", "q1", ControlAction.PAUSE,
                PauseMode.CHECKPOINT, null)));
        assertThat(pending.get("job_id").asText()).isEqualTo("r");
        assertThat(pending.get("request_id").asText()).isEqualTo("q1");
        assertThat(pending.get("mode").asText()).isEqualTo("checkpoint");
        assertThat(pending.get("outcome").isNull()).isTrue();
        JsonNode done = ApiJson.tree(ApiJson.control(new ControlAnswer("r", "q1", ControlAction.RESUME, null,
                new ControlOutcome("q1", true, "resumed", "ok"))));
        assertThat(done.get("outcome").get("accepted").asBoolean()).isTrue();
        assertThat(done.get("mode").isNull()).isTrue();
    }

    @Test
    void listEntriesCarryEveryKeyAndNullForWhatIsNotKnownOrNotFinite() {
        RunListEntry entry = new RunListEntry("r", "n", "running", null, null, null, null, null, Double.NaN, null,
                null, 0, 5L, Double.POSITIVE_INFINITY, null, null, null, null, null);

        JsonNode json = ApiJson.tree(ApiJson.runs(List.of(entry), List.of("x: unreadable")));

        JsonNode first = json.get("jobs").get(0);
        assertThat(first.get("final_loss").isNull()).isTrue();
        assertThat(first.get("latest").get("step").asLong()).isEqualTo(5);
        assertThat(first.get("latest").get("loss").isNull()).isTrue();
        assertThat(first.has("owner") && first.has("build") && first.has("build_result")).isTrue();
        assertThat(json.get("unreadable_runs").get(0).asText()).isEqualTo("x: unreadable");
    }
}
