package io.jenkins.plugins.gputraining.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.gputraining.runner.nvml.ComputeProcesses;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSampler;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelection;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelectionException;
import io.jenkins.plugins.gputraining.runner.nvml.GpuSelector;
import io.jenkins.plugins.gputraining.runner.nvml.Nvml;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlDevice;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlException;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlOpenResult;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlSession;
import io.jenkins.plugins.gputraining.runner.nvml.TelemetrySampleJson;
import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpus}: what the agent would sample here. Prints the GPU inventory, which GPUs a run would choose and one
 * telemetry sample of each as JSON; without a usable NVIDIA driver, says why on stderr and exits 3.
 */
@Command(name = "gpus", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = {"Lists the GPUs NVML sees and takes one telemetry sample of the ones a run would choose, "
                + "as JSON on stdout.",
                "Exit codes: 0 ok, 2 bad --gpus, 3 no GPU telemetry here (no driver, library or GPU)."})
public final class GpusCommand implements Callable<Integer> {
    /** No telemetry on this machine. */
    public static final int EXIT_NO_TELEMETRY = 3;
    /** {@code --gpus} named no GPU (picocli's usage-error code). */
    public static final int EXIT_BAD_SELECTION = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    private CommandSpec spec;

    @Option(names = "--gpus", paramLabel = "LIST",
            description = "GPUs to sample: all, none, or NVML indexes / GPU-… UUIDs (or unique prefixes) / MIG-… ids "
                    + "separated by commas. Default: CUDA_VISIBLE_DEVICES, else NVIDIA_VISIBLE_DEVICES, else all.")
    private String gpus;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "NVML library to load instead of libnvidia-ml.so.1 (e.g. a driver outside the loader path).")
    private String nvmlLibrary;

    private final Map<String, String> environment;

    public GpusCommand() {
        this(System.getenv());
    }

    /** With an explicit environment, for CUDA_VISIBLE_DEVICES and NVIDIA_VISIBLE_DEVICES. */
    public GpusCommand(final Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NvmlOpenResult opened = nvmlLibrary == null ? Nvml.open() : Nvml.open(List.of(nvmlLibrary));
        if (opened instanceof NvmlOpenResult.Unavailable unavailable) {
            err.println(noTelemetryMessage(unavailable.reason()));
            err.flush();
            return EXIT_NO_TELEMETRY;
        }
        try (NvmlSession session = ((NvmlOpenResult.Available) opened).session()) {
            GpuSelection selection;
            try {
                selection = GpuSelector.select(gpus, environment, session.inventory(), session::parentUuidOfMig);
            }
            catch (GpuSelectionException e) {
                err.println(e.getMessage());
                err.flush();
                return EXIT_BAD_SELECTION;
            }
            GpuSampler sampler = new GpuSampler(session, selection.devices());
            List<TelemetrySample> samples = sampler.sample(null);
            out.println(JSON.writeValueAsString(report(session, selection, sampler, samples)));
            out.flush();
            session.warnings().forEach(err::println);
            selection.warnings().forEach(err::println);
            err.flush();
            if (session.devices().isEmpty()) {
                err.println("NVML works (driver " + session.driverVersion() + ") but sees no GPU: check that this "
                        + "process may use one (a container needs GPU access, e.g. docker --gpus all).");
                err.flush();
                return EXIT_NO_TELEMETRY;
            }
            return 0;
        }
    }

    private static ObjectNode report(final NvmlSession session, final GpuSelection selection,
                                     final GpuSampler sampler, final List<TelemetrySample> samples) {
        ObjectNode report = JSON.createObjectNode();
        report.put("driver_version", session.driverVersion());
        report.put("nvml_version", session.nvmlVersion());
        report.put("library", session.library());
        ObjectNode chosen = report.putObject("selection");
        chosen.put("source", selection.source());
        chosen.put("spec", selection.spec());
        chosen.put("description", selection.describe());
        ArrayNode gpuList = report.putArray("gpus");
        for (GpuDevice gpu : session.inventory()) {
            gpuList.add(TelemetrySampleJson.toJson(gpu).put("selected", selection.devices().contains(gpu)));
        }
        ArrayNode sampleList = report.putArray("sample");
        samples.forEach(sample -> sampleList.add(TelemetrySampleJson.toJson(sample)));
        ArrayNode unsupported = report.putArray("unsupported_metrics");
        sampler.unsupportedMetrics().forEach(unsupported::add);
        ArrayNode processes = report.putArray("processes");
        ObjectNode errors = JSON.createObjectNode();
        for (GpuDevice gpu : selection.devices()) {
            ObjectNode gpuErrors = JSON.createObjectNode();
            sampler.lastErrors(gpu.index()).forEach(gpuErrors::put);
            listProcesses(session, gpu, processes, gpuErrors);
            if (!gpuErrors.isEmpty()) {
                errors.set(String.valueOf(gpu.index()), gpuErrors);
            }
        }
        report.set("errors", errors);
        report.putPOJO("bound_symbols", session.symbols().bound());
        return report;
    }

    /** The compute processes on a GPU: shows the process query (and its two-call pattern) works here. */
    private static void listProcesses(final NvmlSession session, final GpuDevice gpu, final ArrayNode processes,
                                      final ObjectNode errors) {
        NvmlDevice device = session.device(gpu.uuid()).orElseThrow();
        try {
            ComputeProcesses running = session.computeProcesses(device);
            for (int i = 0; i < running.count(); i++) {
                ObjectNode process = processes.addObject().put("gpu", gpu.index()).put("pid", running.pid(i));
                long used = running.usedGpuMemoryBytes(i);
                if (used != ComputeProcesses.NOT_AVAILABLE) {
                    process.put("used_gpu_memory_mb", used / 1048576.0);
                }
            }
        }
        catch (NvmlException e) {
            errors.put("processes", e.getMessage());
        }
    }

    /** One paragraph: what is missing and what to check. */
    static String noTelemetryMessage(final String reason) {
        List<String> text = new ArrayList<>();
        text.add("GPU telemetry is unavailable: " + reason + ".");
        text.add("Check that an NVIDIA driver is installed and loaded on this machine (nvidia-smi should list the "
                + "GPUs), that libnvidia-ml.so.1 is on the loader path (ldconfig -p | grep libnvidia-ml; or name it "
                + "with --nvml-library), and, inside a container, that the container was given GPU access "
                + "(docker run --gpus all, or the NVIDIA container runtime).");
        text.add("Training runs still work here; they record no GPU telemetry.");
        return String.join(" ", text);
    }
}
