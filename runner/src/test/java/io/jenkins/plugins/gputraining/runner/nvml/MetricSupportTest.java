package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricSupportTest {
    private final MetricSupport support = new MetricSupport();

    @Test
    void notSupportedAsFirstAnswerStopsTheQueryForGood() {
        assertThat(support.failed(GpuQuery.ECC_CORRECTED, NvmlReturn.ERROR_NOT_SUPPORTED.code())).isTrue();

        assertThat(support.shouldQuery(GpuQuery.ECC_CORRECTED)).isFalse();
        assertThat(support.shouldQuery(GpuQuery.ECC_UNCORRECTED)).isTrue();
        assertThat(support.unsupportedFields()).containsExactly("ecc_corrected");
    }

    @Test
    void aMissingFunctionIsUnsupportedToo() {
        support.failed(GpuQuery.CLOCK_EVENT_REASONS, NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code());

        assertThat(support.isUnsupported(GpuQuery.CLOCK_EVENT_REASONS)).isTrue();
    }

    @Test
    void otherFailuresAreTransient() {
        assertThat(support.failed(GpuQuery.TEMPERATURE, NvmlReturn.ERROR_GPU_IS_LOST.code())).isFalse();
        assertThat(support.failed(GpuQuery.TEMPERATURE, NvmlReturn.ERROR_NO_PERMISSION.code())).isFalse();
        assertThat(support.failed(GpuQuery.TEMPERATURE, NvmlReturn.ERROR_UNKNOWN.code())).isFalse();

        assertThat(support.shouldQuery(GpuQuery.TEMPERATURE)).isTrue();
        assertThat(support.unsupported()).isEmpty();
    }

    @Test
    void notSupportedFromAQueryThatHasAnsweredBeforeIsTransient() {
        support.answered(GpuQuery.POWER);

        assertThat(support.failed(GpuQuery.POWER, NvmlReturn.ERROR_NOT_SUPPORTED.code())).isFalse();
        assertThat(support.shouldQuery(GpuQuery.POWER)).isTrue();
    }

    @Test
    void aQueryThatNeverAnsweredIsStillJudgedByItsFirstDefiniteAnswer() {
        support.failed(GpuQuery.PCIE_RX, NvmlReturn.ERROR_TIMEOUT.code());

        assertThat(support.failed(GpuQuery.PCIE_RX, NvmlReturn.ERROR_NOT_SUPPORTED.code())).isTrue();
    }

    @Test
    void listsEveryFieldOfAnUnsupportedQuerySorted() {
        support.failed(GpuQuery.UTILIZATION, NvmlReturn.ERROR_NOT_SUPPORTED.code());
        support.failed(GpuQuery.ENERGY, NvmlReturn.ERROR_NOT_SUPPORTED.code());

        assertThat(support.unsupportedFields())
                .containsExactly("energy_mj", "memory_utilization_percent", "utilization_percent");
    }
}
