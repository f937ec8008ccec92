package io.jenkins.plugins.gputraining.runner.nvml;

import io.jenkins.plugins.gputraining.model.progress.GpuDevice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses the GPUs a run samples from the inventory NVML gives, matching by UUID. The first of these that is set
 * decides:
 * <ol>
 *   <li>{@code --gpus}: {@code all}, {@code none}, or a comma list of NVML indexes, {@code GPU-…} UUIDs (or unique
 *       prefixes of them) and {@code MIG-…} ids. An entry that matches no GPU is an error: the user asked for it.</li>
 *   <li>{@code CUDA_VISIBLE_DEVICES}, read the way CUDA reads it, since it decides which GPUs the training uses:
 *       an index is a position in the list of GPUs this process can see (NVML's inventory, in NVML index order);
 *       CUDA honours entries up to the first one that is invalid and ignores the rest; an empty value hides every
 *       GPU. CUDA numbers GPUs fastest-first unless {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}; NVML numbers them in PCI
 *       bus order. The two agree on machines with identical GPUs; on a mixed machine without that setting a
 *       warning says the indexes may differ (UUIDs never do).</li>
 *   <li>{@code NVIDIA_VISIBLE_DEVICES}, the container runtime's variable: {@code all}, {@code void} or empty mean
 *       no restriction, {@code none} means no GPU. Its indexes are the host's, which inside a container do not
 *       match NVML's (the container sees its GPUs as 0, 1, …): when NVML sees exactly as many GPUs as it lists,
 *       the runtime has already applied it and every visible GPU is chosen; otherwise entries are matched as
 *       NVML indexes and UUIDs, and unmatched ones are skipped with a warning.</li>
 *   <li>Otherwise every GPU NVML sees.</li>
 * </ol>
 * A MIG id stands for the whole GPU it is part of: the agent samples whole GPUs. Pure logic, no NVML calls.
 */
public final class GpuSelector {
    private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

    private GpuSelector() {
    }

    /** How a bare number in a list is read. */
    private enum Numbering { NVML_INDEX, POSITION }

    /** One list entry, resolved to a GPU or to why it names none. */
    private record Resolved(GpuDevice device, String problem) {
        static Resolved of(final GpuDevice device) {
            return new Resolved(device, null);
        }

        static Resolved problem(final String problem) {
            return new Resolved(null, problem);
        }
    }

    /**
     * Chooses the GPUs.
     *
     * @param option the {@code --gpus} value, {@code null} when not given
     * @param environment the process environment (CUDA_VISIBLE_DEVICES, NVIDIA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER)
     * @param inventory the GPUs NVML sees
     * @param mig resolves MIG ids to their GPU
     * @throws GpuSelectionException when {@code --gpus} names a GPU that is not there, or ambiguously
     */
    public static GpuSelection select(final String option, final Map<String, String> environment,
                                      final List<GpuDevice> inventory, final MigResolver mig)
            throws GpuSelectionException {
        List<GpuDevice> visible = inventory.stream().sorted(Comparator.comparingInt(GpuDevice::index)).toList();
        if (option != null && !option.isBlank()) {
            return fromOption(option.trim(), visible, mig);
        }
        String cuda = environment.get(GpuSelection.CUDA_VISIBLE_DEVICES);
        if (cuda != null) {
            return fromCuda(cuda.trim(), environment.get("CUDA_DEVICE_ORDER"), visible, mig);
        }
        String nvidia = environment.get(GpuSelection.NVIDIA_VISIBLE_DEVICES);
        if (nvidia != null) {
            return fromNvidia(nvidia.trim(), visible, mig);
        }
        return new GpuSelection(visible, GpuSelection.ALL, null, List.of());
    }

    private static GpuSelection fromOption(final String option, final List<GpuDevice> visible, final MigResolver mig)
            throws GpuSelectionException {
        String keyword = option.toLowerCase(Locale.ROOT);
        if ("all".equals(keyword)) {
            return new GpuSelection(visible, GpuSelection.OPTION, option, List.of());
        }
        if ("none".equals(keyword)) {
            return new GpuSelection(List.of(), GpuSelection.OPTION, option, List.of());
        }
        Set<GpuDevice> chosen = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        for (String entry : entries(option)) {
            Resolved resolved = resolve(entry, Numbering.NVML_INDEX, visible, mig, warnings);
            if (resolved.problem() != null) {
                throw new GpuSelectionException("--gpus " + option + ": " + resolved.problem() + ". "
                        + describeVisible(visible));
            }
            chosen.add(resolved.device());
        }
        if (chosen.isEmpty()) {
            throw new GpuSelectionException("--gpus " + option + " names no GPU; use all, none, or indexes or "
                    + "UUIDs separated by commas. " + describeVisible(visible));
        }
        return new GpuSelection(byIndex(chosen), GpuSelection.OPTION, option, warnings);
    }

    private static GpuSelection fromCuda(final String value, final String deviceOrder, final List<GpuDevice> visible,
                                         final MigResolver mig) {
        String source = GpuSelection.CUDA_VISIBLE_DEVICES;
        List<String> warnings = new ArrayList<>();
        Set<GpuDevice> chosen = new LinkedHashSet<>();
        boolean numbered = false;
        if (value.isEmpty()) {
            warnings.add(source + " is set but empty: CUDA sees no GPU");
        }
        for (String entry : value.split(",", -1)) {
            String trimmed = entry.trim();
            Resolved resolved = trimmed.isEmpty() ? Resolved.problem("an empty entry")
                    : resolve(trimmed, Numbering.POSITION, visible, mig, warnings);
            if (resolved.problem() != null) {
                if (!value.isEmpty()) {
                    warnings.add(source + "=" + value + ": " + resolved.problem()
                            + "; CUDA ignores it and the entries after it");
                }
                break;
            }
            numbered |= INDEX.matcher(trimmed).matches();
            chosen.add(resolved.device());
        }
        if (numbered && !"PCI_BUS_ID".equals(deviceOrder) && isMixed(visible)) {
            warnings.add(source + " numbers GPUs fastest first unless CUDA_DEVICE_ORDER=PCI_BUS_ID, and these GPUs "
                    + "differ: its indexes may not be NVML's. Set CUDA_DEVICE_ORDER=PCI_BUS_ID or use GPU UUIDs.");
        }
        return new GpuSelection(byIndex(chosen), source, value, warnings);
    }

    private static GpuSelection fromNvidia(final String value, final List<GpuDevice> visible, final MigResolver mig) {
        String source = GpuSelection.NVIDIA_VISIBLE_DEVICES;
        String keyword = value.toLowerCase(Locale.ROOT);
        if (keyword.isEmpty() || "all".equals(keyword) || "void".equals(keyword)) {
            return new GpuSelection(visible, source, value, List.of());
        }
        if ("none".equals(keyword)) {
            return new GpuSelection(List.of(), source, value, List.of());
        }
        List<String> entries = entries(value);
        if (entries.stream().allMatch(entry -> INDEX.matcher(entry).matches()) && entries.size() == visible.size()) {
            return new GpuSelection(visible, source, value, List.of());
        }
        List<String> warnings = new ArrayList<>();
        Set<GpuDevice> chosen = new LinkedHashSet<>();
        for (String entry : entries) {
            Resolved resolved = resolve(entry, Numbering.NVML_INDEX, visible, mig, warnings);
            if (resolved.problem() != null) {
                warnings.add(source + "=" + value + ": skipped " + resolved.problem());
            }
            else {
                chosen.add(resolved.device());
            }
        }
        if (chosen.isEmpty()) {
            warnings.add(source + "=" + value + " matches no GPU NVML sees; sampling every visible GPU");
            return new GpuSelection(visible, source, value, warnings);
        }
        return new GpuSelection(byIndex(chosen), source, value, warnings);
    }

    private static Resolved resolve(final String entry, final Numbering numbering, final List<GpuDevice> visible,
                                    final MigResolver mig, final List<String> warnings) {
        if (INDEX.matcher(entry).matches()) {
            int number = Integer.parseInt(entry);
            if (numbering == Numbering.POSITION) {
                return number < visible.size() ? Resolved.of(visible.get(number))
                        : Resolved.problem("index " + number + " is beyond the " + visible.size() + " visible GPUs");
            }
            return visible.stream().filter(gpu -> gpu.index() == number).findFirst().map(Resolved::of)
                    .orElseGet(() -> Resolved.problem("no GPU with index " + number));
        }
        String upper = entry.toUpperCase(Locale.ROOT);
        if (upper.startsWith("MIG-")) {
            return resolveMig(entry, visible, mig, warnings);
        }
        if (upper.startsWith("GPU-")) {
            return resolveUuid(entry, visible);
        }
        return Resolved.problem("'" + entry + "' is neither a GPU index nor a GPU-… or MIG-… id");
    }

    private static Resolved resolveUuid(final String prefix, final List<GpuDevice> visible) {
        Optional<GpuDevice> exact = visible.stream().filter(gpu -> prefix.equalsIgnoreCase(gpu.uuid())).findFirst();
        if (exact.isPresent()) {
            return Resolved.of(exact.get());
        }
        String lower = prefix.toLowerCase(Locale.ROOT);
        List<GpuDevice> matches = visible.stream()
                .filter(gpu -> gpu.uuid() != null && gpu.uuid().toLowerCase(Locale.ROOT).startsWith(lower)).toList();
        if (matches.size() == 1) {
            return Resolved.of(matches.get(0));
        }
        if (matches.isEmpty()) {
            return Resolved.problem("no GPU with UUID " + prefix);
        }
        return Resolved.problem("UUID prefix " + prefix + " matches GPUs "
                + String.join(", ", matches.stream().map(gpu -> String.valueOf(gpu.index())).toList()));
    }

    private static Resolved resolveMig(final String id, final List<GpuDevice> visible, final MigResolver mig,
                                       final List<String> warnings) {
        // Drivers before R470 named MIG devices MIG-GPU-<parent uuid>/<gi>/<ci>: the parent is in the name.
        String parent = null;
        int slash = id.indexOf('/');
        if (id.regionMatches(true, 0, "MIG-GPU-", 0, 8) && slash > 0) {
            parent = id.substring(4, slash);
        }
        else {
            parent = mig.parentUuid(id).orElse(null);
        }
        if (parent == null) {
            return Resolved.problem("MIG device " + id + " is not known to NVML");
        }
        String parentUuid = parent;
        Optional<GpuDevice> gpu = visible.stream().filter(d -> parentUuid.equalsIgnoreCase(d.uuid())).findFirst();
        if (gpu.isEmpty()) {
            return Resolved.problem("MIG device " + id + " belongs to GPU " + parent + ", which is not visible");
        }
        warnings.add("MIG device " + id + " is sampled as its whole GPU " + gpu.get().index()
                + " (per-instance metrics are not recorded)");
        return Resolved.of(gpu.get());
    }

    private static List<String> entries(final String list) {
        List<String> entries = new ArrayList<>();
        for (String entry : list.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    private static List<GpuDevice> byIndex(final Set<GpuDevice> chosen) {
        return chosen.stream().sorted(Comparator.comparingInt(GpuDevice::index)).toList();
    }

    private static boolean isMixed(final List<GpuDevice> visible) {
        return visible.stream().map(GpuDevice::name).distinct().count() > 1;
    }

    private static String describeVisible(final List<GpuDevice> visible) {
        if (visible.isEmpty()) {
            return "NVML sees no GPU.";
        }
        return "Visible GPUs: " + String.join(", ", visible.stream()
                .map(gpu -> gpu.index() + " " + gpu.uuid() + (gpu.name() == null ? "" : " (" + gpu.name() + ")"))
                .toList()) + ".";
    }
}
