package io.jenkins.plugins.gputraining.runner.nvml;

/**
 * An NVML call that did not answer {@code NVML_SUCCESS}: the function, the return code and the driver's own text
 * for it ({@code nvmlErrorString}).
 */
public final class NvmlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int returnCode;
    private final String errorString;

    public NvmlException(final String function, final int returnCode, final String errorString) {
        super(function + " failed: " + (errorString == null || errorString.isBlank() ? "error" : errorString)
                + " (" + NvmlReturn.nameOf(returnCode) + ")");
        this.function = function;
        this.returnCode = returnCode;
        this.errorString = errorString;
    }

    /** The NVML function that failed, as bound (e.g. {@code nvmlDeviceGetComputeRunningProcesses_v3}). */
    public String function() {
        return function;
    }

    public int returnCode() {
        return returnCode;
    }

    /** The driver's text for the code, e.g. "Not Supported"; may be {@code null}. */
    public String errorString() {
        return errorString;
    }

    /**
     * Whether the answer is permanent for this device and driver: the device lacks the feature, or the library
     * lacks the function. Such a metric is marked unsupported for the run instead of being asked again.
     */
    public boolean isUnsupported() {
        return isUnsupported(returnCode);
    }

    static boolean isUnsupported(final int returnCode) {
        return returnCode == NvmlReturn.ERROR_NOT_SUPPORTED.code()
                || returnCode == NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code()
                || returnCode == NvmlReturn.ERROR_DEPRECATED.code();
    }
}
