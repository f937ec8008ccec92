package io.jenkins.plugins.gputraining.runner.nvml;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import java.util.List;

/**
 * The GPUs a run samples and where that choice came from.
 *
 * @param devices the chosen GPUs, by NVML index; may be empty
 * @param source {@link #OPTION}, {@link #CUDA_VISIBLE_DEVICES}, {@link #NVIDIA_VISIBLE_DEVICES} or {@link #ALL}
 * @param spec the value that was interpreted; {@code null} for {@link #ALL}
 * @param warnings entries that were skipped or may not mean what CUDA makes of them
 */
public record GpuSelection(List<GpuDevice> devices, String source, String spec, List<String> warnings) {
    public static final String OPTION = "--gpus";
    public static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
    public static final String NVIDIA_VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES";
    /** No option and no variable: every GPU NVML sees. */
    public static final String ALL = "all";

    public GpuSelection {
        devices = List.copyOf(devices);
        warnings = List.copyOf(warnings);
    }

    /** One line for people, e.g. "GPUs 0, 2 from CUDA_VISIBLE_DEVICES=0,2". */
    public String describe() {
        String chosen = devices.isEmpty() ? "no GPU"
                : (devices.size() == 1 ? "GPU " : "GPUs ")
                        + String.join(", ", devices.stream().map(gpu -> String.valueOf(gpu.index())).toList());
        return ALL.equals(source) ? chosen + " (all visible)"
                : chosen + " from " + source + (OPTION.equals(source) ? " " : "=") + spec;
    }
}
