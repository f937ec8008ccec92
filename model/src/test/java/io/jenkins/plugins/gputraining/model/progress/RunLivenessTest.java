package io.jenkins.plugins.gputraining.model.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.model.fixtures.RunFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that tells a live run from one whose agent is gone (docs/progress-format.md, "Liveness"). */
class RunLivenessTest {
    private static final Instant START = RunFixture.at(0);

    private static ProgressSnapshot running(final Instant heartbeat) {
        return ProgressSnapshot.start("r", "r", START).updatedAt(heartbeat).build();
    }

    private static AgentIdentity deadAgent() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        AgentIdentity self = AgentIdentity.current(false);
        return new AgentIdentity(process.pid(), self.host(), self.bootId(), self.pidNamespace(),
                Instant.now().minusSeconds(5), false);
    }

    @Test
    void aFinishedRunStaysAsRecorded() {
        ProgressSnapshot progress = running(RunFixture.at(9)).toBuilder().status(RunStatus.FAILED)
                .endedAt(RunFixture.at(8)).build();

        LiveStatus live = RunLiveness.judge(progress, List.of(), RunFixture.at(10_000));

        assertThat(live).isEqualTo(new LiveStatus(RunStatus.FAILED, RunFixture.at(8), null));
    }

    @Test
    void aRunWhoseAgentIsThisProcessIsLiveHoweverOldItsHeartbeat() {
        ProgressSnapshot progress = AgentIdentity.current(false).stamp(running(RunFixture.at(3)));

        LiveStatus live = RunLiveness.judge(progress, List.of(), RunFixture.at(10_000));

        assertThat(live.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(live.endedAt()).isNull();
        assertThat(live.reason()).isNull();
    }

    @Test
    void aRunWhoseAgentIsGoneFromThisMachineIsInterruptedAtItsLastSignOfLife() throws Exception {
        AgentIdentity agent = deadAgent();
        ProgressSnapshot progress = agent.stamp(running(RunFixture.at(3)).toBuilder().status(RunStatus.PAUSED)
                .build());
        List<LifecycleEvent> events = List.of(LifecycleEvent.of(RunFixture.T0, "started", null),
                LifecycleEvent.of(RunFixture.T0 + 3.25, "paused", null));

        LiveStatus live = RunLiveness.judge(progress, events, RunFixture.at(4));

        assertThat(live.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(live.endedAt()).isEqualTo(RunFixture.at(3.25));
        assertThat(live.reason()).contains("its agent (pid " + agent.pid() + " on " + agent.host() + ") is gone");
        assertThat(agent.presence()).isEqualTo(AgentIdentity.Presence.GONE);
    }

    @Test
    void aPidNowHeldByAnotherProcessDoesNotKeepTheRunAlive() {
        AgentIdentity self = AgentIdentity.current(false);
        AgentIdentity earlier = new AgentIdentity(self.pid(), self.host(), self.bootId(), self.pidNamespace(),
                self.processStartedAt().minusSeconds(3600), false);

        assertThat(earlier.presence()).isEqualTo(AgentIdentity.Presence.GONE);
    }

    @Test
    void anAgentOnAnotherMachineIsJudgedByItsHeartbeat() {
        AgentIdentity elsewhere = new AgentIdentity(1, "another-host", "boot", "pid:[1]", START, false);
        ProgressSnapshot progress = elsewhere.stamp(running(RunFixture.at(100)));

        LiveStatus fresh = RunLiveness.judge(progress, List.of(), RunFixture.at(129));
        LiveStatus stale = RunLiveness.judge(progress, List.of(), RunFixture.at(131));

        assertThat(elsewhere.presence()).isEqualTo(AgentIdentity.Presence.UNKNOWN);
        assertThat(fresh.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stale.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(stale.endedAt()).isEqualTo(RunFixture.at(100));
        assertThat(stale.reason()).startsWith("no heartbeat from its agent since 2026-01-01T00:01:40Z");
    }

    @Test
    void aRunWrittenWithoutAnAgentIdentityIsJudgedByItsHeartbeat() {
        LiveStatus live = RunLiveness.judge(running(RunFixture.at(3.3)), List.of(), RunFixture.at(966));

        assertThat(live.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(live.endedAt()).isEqualTo(RunFixture.at(3.3));
    }

    @Test
    void anExitedEventEndsARunWhoseProgressJsonMissedTheEnd() {
        ProgressSnapshot progress = AgentIdentity.current(false).stamp(running(RunFixture.at(2)));
        List<LifecycleEvent> events = List.of(LifecycleEvent.of(RunFixture.T0, "started", null),
                LifecycleEvent.of(RunFixture.T0 + 2.5, "exited", "training failed (exit code 3)")
                        .with("status", "failed").with("exit_code", 3));

        LiveStatus live = RunLiveness.judge(progress, events, RunFixture.at(3));

        assertThat(live.status()).isEqualTo(RunStatus.FAILED);
        assertThat(live.endedAt()).isEqualTo(RunFixture.at(2.5));
        assertThat(live.reason()).contains("events.jsonl records the end");
    }

    @Test
    void anExitedEventWithoutAStatusIsJudgedByItsExitCode() {
        List<LifecycleEvent> events = List.of(LifecycleEvent.of(RunFixture.T0 + 1, "exited", null)
                .with("exit_code", 0));

        assertThat(RunLiveness.judge(running(RunFixture.at(1)), events, RunFixture.at(2)).status())
                .isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void theIdentityRoundTripsThroughProgressJson() {
        AgentIdentity self = AgentIdentity.current(true);
        ProgressSnapshot written = self.stamp(running(START));

        ProgressSnapshot read = ProgressSnapshotCodec.read(ProgressSnapshotCodec.write(written), "progress.json");

        assertThat(AgentIdentity.of(read)).contains(self);
        assertThat(AgentIdentity.of(running(START))).isEmpty();
        assertThat(RunStatus.fromJson("interrupted")).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(RunStatus.INTERRUPTED.isFinished()).isTrue();
    }
}
