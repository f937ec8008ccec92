package io.jenkins.plugins.gputraining.runner.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlMemory;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlProcessInfo;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlTemperatureV1;
import io.jenkins.plugins.gputraining.runner.nvml.NvmlStructs.NvmlUtilization;
import org.junit.jupiter.api.Test;

/** The JNA layouts match nvml.h's structs as a 64-bit C compiler lays them out. */
class NvmlStructsTest {
    @Test
    void processInfoIsTheTwentyFourByteV2LayoutWithPaddingAfterPid() {
        assertThat(new NvmlProcessInfo().size()).isEqualTo(24);
        assertThat(NvmlProcessInfo.SIZE).isEqualTo(24);
        assertThat(NvmlProcessInfo.PID_OFFSET).isZero();
        assertThat(NvmlProcessInfo.USED_GPU_MEMORY_OFFSET).isEqualTo(8);
    }

    @Test
    void memoryIsThreeUnsignedLongLongs() {
        assertThat(new NvmlMemory().size()).isEqualTo(24);
    }

    @Test
    void utilizationIsTwoUnsignedInts() {
        assertThat(new NvmlUtilization().size()).isEqualTo(8);
    }

    @Test
    void temperatureV1CarriesItsSizeAndVersionOneLikeTheNvmlStructVersionMacro() {
        assertThat(new NvmlTemperatureV1().size()).isEqualTo(12);
        assertThat(NvmlTemperatureV1.VERSION).isEqualTo(0x0100000C);
    }
}
