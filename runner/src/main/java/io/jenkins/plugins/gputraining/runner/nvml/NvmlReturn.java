package io.jenkins.plugins.gputraining.runner.nvml;

import java.util.Optional;

/**
 * The {@code nvmlReturn_t} codes of nvml.h (API version 13). Codes a newer driver adds are not listed; {@link #of}
 * answers empty for them and callers keep the raw number.
 */
public enum NvmlReturn {
    SUCCESS(0),
    ERROR_UNINITIALIZED(1),
    ERROR_INVALID_ARGUMENT(2),
    ERROR_NOT_SUPPORTED(3),
    ERROR_NO_PERMISSION(4),
    ERROR_ALREADY_INITIALIZED(5),
    ERROR_NOT_FOUND(6),
    ERROR_INSUFFICIENT_SIZE(7),
    ERROR_INSUFFICIENT_POWER(8),
    ERROR_DRIVER_NOT_LOADED(9),
    ERROR_TIMEOUT(10),
    ERROR_IRQ_ISSUE(11),
    ERROR_LIBRARY_NOT_FOUND(12),
    ERROR_FUNCTION_NOT_FOUND(13),
    ERROR_CORRUPTED_INFOROM(14),
    ERROR_GPU_IS_LOST(15),
    ERROR_RESET_REQUIRED(16),
    ERROR_OPERATING_SYSTEM(17),
    ERROR_LIB_RM_VERSION_MISMATCH(18),
    ERROR_IN_USE(19),
    ERROR_MEMORY(20),
    ERROR_NO_DATA(21),
    ERROR_VGPU_ECC_NOT_SUPPORTED(22),
    ERROR_INSUFFICIENT_RESOURCES(23),
    ERROR_FREQ_NOT_SUPPORTED(24),
    ERROR_ARGUMENT_VERSION_MISMATCH(25),
    ERROR_DEPRECATED(26),
    ERROR_NOT_READY(27),
    ERROR_GPU_NOT_FOUND(28),
    ERROR_INVALID_STATE(29),
    ERROR_RESET_TYPE_NOT_SUPPORTED(30),
    ERROR_UNKNOWN(999);

    private static final NvmlReturn[] BY_CODE = new NvmlReturn[31];

    static {
        for (NvmlReturn value : values()) {
            if (value.code < BY_CODE.length) {
                BY_CODE[value.code] = value;
            }
        }
    }

    private final int code;

    NvmlReturn(final int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The C name, e.g. {@code NVML_ERROR_NOT_SUPPORTED}. */
    public String cName() {
        return "NVML_" + name();
    }

    public static Optional<NvmlReturn> of(final int code) {
        if (code >= 0 && code < BY_CODE.length) {
            return Optional.ofNullable(BY_CODE[code]);
        }
        return code == ERROR_UNKNOWN.code ? Optional.of(ERROR_UNKNOWN) : Optional.empty();
    }

    /** The C name of a code, or {@code NVML return code N} for codes this version does not know. */
    public static String nameOf(final int code) {
        return of(code).map(NvmlReturn::cName).orElse("NVML return code " + code);
    }
}
