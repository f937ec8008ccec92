package io.jenkins.plugins.gputraining.runner.nvml;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The entry to NVML: loads libnvidia-ml, binds its functions and initialises it. Nothing here throws: without a
 * driver, library or usable GPU stack the answer is {@link NvmlOpenResult.Unavailable} with the reason, because a
 * training run goes on without telemetry.
 */
public final class Nvml {
    /** The same options for probing and binding, so JNA opens the library once. */
    private static final Map<String, Object> OPTIONS =
            Map.of(Library.OPTION_FUNCTION_MAPPER, NvmlSymbols.FUNCTION_MAPPER);

    private Nvml() {
    }

    /**
     * The names tried, in order. On Linux only the runtime soname {@code libnvidia-ml.so.1} ships with the driver
     * (the unversioned {@code .so} comes with development packages), so it is tried first; JNA's own mapping of
     * "nvidia-ml" is the fallback. Windows installs {@code nvml.dll} in System32.
     */
    public static List<String> defaultLibraryNames() {
        if (Platform.isWindows()) {
            return List.of("nvml", "nvidia-ml");
        }
        return List.of("libnvidia-ml.so.1", "nvidia-ml");
    }

    /** Opens NVML from the driver's usual library. */
    public static NvmlOpenResult open() {
        return open(defaultLibraryNames());
    }

    /**
     * Opens NVML from the first of these libraries (names or paths) that loads.
     *
     * @param libraryNames names as {@code dlopen} takes them, or file paths
     */
    public static NvmlOpenResult open(final List<String> libraryNames) {
        if (libraryNames.isEmpty()) {
            throw new IllegalArgumentException("no NVML library name given");
        }
        try {
            return load(libraryNames);
        }
        catch (RuntimeException | LinkageError e) {
            // JNA's native part missing, an unexpected binding failure: still only "no telemetry".
            return new NvmlOpenResult.Unavailable("NVML could not be used: " + e, stackless(e));
        }
    }

    private static NvmlOpenResult load(final List<String> libraryNames) {
        try {
            // NVML ships for 64-bit only, and the struct layouts here assume 8-byte alignment of long long.
            if (Native.POINTER_SIZE != 8) {
                return new NvmlOpenResult.Unavailable("NVML needs a 64-bit Java runtime", null);
            }
        }
        catch (LinkageError e) {
            // Reading POINTER_SIZE loads JNA's native part; without this check every library would look
            // "not found" when it is JNA itself that cannot load.
            return new NvmlOpenResult.Unavailable("JNA could not load its native support (a noexec temporary "
                    + "directory? set -Djna.tmpdir): " + e.getMessage(), stackless(e));
        }
        List<String> failures = new ArrayList<>();
        for (String name : libraryNames) {
            NativeLibrary library;
            try {
                library = NativeLibrary.getInstance(name, OPTIONS);
            }
            catch (UnsatisfiedLinkError e) {
                failures.add(name + ": " + e.getMessage());
                continue;
            }
            return initialise(name, library);
        }
        String first = libraryNames.get(0);
        String reason = Files.isRegularFile(Path.of(first))
                ? first + " could not be loaded (wrong architecture or broken driver install?)"
                : first + " not found (no NVIDIA driver installed?)";
        return new NvmlOpenResult.Unavailable(reason, String.join("\n", failures));
    }

    private static NvmlOpenResult initialise(final String name, final NativeLibrary library) {
        File file = library.getFile();
        String description = file == null ? name : file.getPath();
        NvmlSymbols symbols = NvmlSymbols.resolve(library);
        List<String> missing = symbols.missingRequired();
        if (!missing.isEmpty()) {
            return new NvmlOpenResult.Unavailable(description + " lacks " + String.join(", ", missing)
                    + " (NVIDIA driver too old?)", null);
        }
        NvmlLibrary nvml = Native.load(name, NvmlLibrary.class, OPTIONS);
        int code = nvml.nvmlInit();
        if (code != NvmlReturn.SUCCESS.code()) {
            return new NvmlOpenResult.Unavailable("nvmlInit failed: " + errorString(nvml, code),
                    description + " answered " + NvmlReturn.nameOf(code));
        }
        try {
            return new NvmlOpenResult.Available(NvmlSession.start(nvml, symbols, description));
        }
        catch (NvmlException e) {
            nvml.nvmlShutdown();
            return new NvmlOpenResult.Unavailable(e.getMessage(), description);
        }
    }

    /** The driver's text for a return code, or the code's C name where the driver gives none. */
    static String errorString(final NvmlLibrary nvml, final int code) {
        try {
            String text = nvml.nvmlErrorString(code);
            if (text != null && !text.isBlank()) {
                return text;
            }
        }
        catch (RuntimeException | LinkageError e) {
            // fall through to our own name for the code
        }
        return NvmlReturn.nameOf(code);
    }

    private static String stackless(final Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append("\ncaused by ").append(cause);
        }
        return text.toString();
    }
}
