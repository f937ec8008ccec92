package io.jenkins.plugins.gputraining.runner.run;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import io.jenkins.plugins.gputraining.model.progress.TelemetryStatus;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSampler;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelection;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelectionException;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelector;
import io.jenkins.plugins.gputraining.runner.nvml.Nvml;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlOpenResult;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** NVML, when there is a driver, and the GPUs chosen for a run; samples them into the run directory. */
final class GpuTelemetry implements AutoCloseable {
    private final NvmlSession session;
    private final GpuSampler sampler;
    private final List<GpuDevice> devices;
    private final TelemetryStatus status;

    private GpuTelemetry(final NvmlSession session, final GpuSampler sampler, final List<GpuDevice> devices,
                         final TelemetryStatus status) {
        this.session = session;
        this.sampler = sampler;
        this.devices = devices;
        this.status = status;
    }

    /**
     * Opens NVML and selects the run's GPUs; without a driver, telemetry is unavailable and says why.
     *
     * @throws IllegalArgumentException when {@code --gpus} names GPUs that are not there
     */
    static GpuTelemetry open(final RunOptions options, final ConsoleStatus console) {
        NvmlOpenResult opened = options.nvmlLibrary() == null ? Nvml.open() : Nvml.open(List.of(options.nvmlLibrary()));
        if (opened instanceof NvmlOpenResult.Unavailable unavailable) {
            console.message("GPU telemetry unavailable: " + unavailable.reason() + "; training goes on");
            return new GpuTelemetry(null, null, List.of(), unavailable.telemetryStatus());
        }
        NvmlSession session = ((NvmlOpenResult.Available) opened).session();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(options.environment());
        GpuSelection selection;
        try {
            selection = GpuSelector.select(options.gpus(), environment, session.inventory(), session::parentUuidOfMig);
        }
        catch (GpuSelectionException e) {
            session.close();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        selection.warnings().forEach(warning -> console.message("WARNING: " + warning));
        console.message("GPUs: " + selection.describe());
        GpuSampler sampler = new GpuSampler(session, selection.devices());
        return new GpuTelemetry(session, sampler, selection.devices(), sampler.telemetryStatus());
    }

    /** Whether there are GPUs to sample. */
    boolean available() {
        return sampler != null;
    }

    List<GpuDevice> devices() {
        return devices;
    }

    TelemetryStatus status() {
        return status;
    }

    /** Takes one sample of every GPU, attributing device memory to the training's processes; never throws. */
    void sample(final RunRecorder recorder, final ConsoleStatus console, final Set<Long> trainingPids) {
        if (sampler == null) {
            return;
        }
        try {
            List<TelemetrySample> samples = sampler.sample(recorder.now(), trainingPids::contains);
            recorder.telemetry(samples);
            recorder.telemetryStatus(sampler.telemetryStatus());
            console.gpus(samples);
        }
        catch (RuntimeException e) {
            console.message("WARNING: GPU sampling failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
