package io.jenkins.plugins.gputraining.model.analytics;

import io.jenkins.plugins.gputraining.model.progress.ClockEventReason;
import io.jenkins.plugins.gputraining.model.progress.TelemetrySample;

/** Running statistics of one GPU's samples, for per-GPU energy and alerts. */
final class GpuStatistics {
    /** Power samples further apart than this are a gap in recording, not a span to integrate over. */
    private static final double MAX_INTEGRATION_GAP_SECONDS = 60;
    /**
     * An energy counter may rise by at most this much power over the time between two readings (at least a second):
     * a larger jump is a damaged reading, left out and counted (the format's highest power, docs/progress-format.md).
     */
    static final double MAX_COUNTER_WATTS = TelemetrySample.MAX_POWER_WATTS;

    private final int gpu;

    private long judgedSamples;
    private long idleSamples;
    private double firstIdle = Double.NaN;

    private long samplesWithReasons;
    private long thermalSamples;
    private double firstThermal = Double.NaN;
    private long powerSamples;
    private double firstPowerThrottle = Double.NaN;

    private double firstNearFull = Double.NaN;
    private double nearFullFraction;

    private Long lastCounter;
    private double lastCounterTime;
    private double counterMillijoules;
    private long counterReadings;
    private long counterResets;
    private long implausibleSteps;
    private double firstImplausible = Double.NaN;
    private double lastPowerTime = Double.NaN;
    private double lastPower;
    private double integratedJoules;
    private long powerReadings;

    GpuStatistics(final int gpu) {
        this.gpu = gpu;
    }

    int gpu() {
        return gpu;
    }

    void accept(final TelemetrySample sample, final boolean judged, final AlertThresholds thresholds) {
        if (judged && sample.utilizationPercent() != null) {
            judgedSamples++;
            if (sample.utilizationPercent() < thresholds.idleUtilizationPercent()) {
                idleSamples++;
                if (Double.isNaN(firstIdle)) {
                    firstIdle = sample.time();
                }
            }
        }
        acceptReasons(sample);
        acceptMemory(sample, thresholds);
        acceptEnergy(sample);
    }

    private void acceptReasons(final TelemetrySample sample) {
        if (sample.clockEventReasons() == null) {
            return;
        }
        samplesWithReasons++;
        boolean thermal = false;
        boolean power = false;
        for (String reason : sample.clockEventReasons()) {
            ClockEventReason.Kind kind = ClockEventReason.kindOf(reason);
            thermal |= kind == ClockEventReason.Kind.THERMAL;
            power |= kind == ClockEventReason.Kind.POWER;
        }
        if (thermal) {
            thermalSamples++;
            if (Double.isNaN(firstThermal)) {
                firstThermal = sample.time();
            }
        }
        if (power) {
            powerSamples++;
            if (Double.isNaN(firstPowerThrottle)) {
                firstPowerThrottle = sample.time();
            }
        }
    }

    private void acceptMemory(final TelemetrySample sample, final AlertThresholds thresholds) {
        Double used = sample.memoryUsedMb();
        Double total = sample.memoryTotalMb();
        if (used == null || total == null || total <= 0) {
            return;
        }
        double fraction = used / total;
        if (fraction >= thresholds.memoryFullFraction()) {
            if (Double.isNaN(firstNearFull)) {
                firstNearFull = sample.time();
            }
            nearFullFraction = Math.max(nearFullFraction, fraction);
        }
    }

    private void acceptEnergy(final TelemetrySample sample) {
        Long counter = sample.energyMillijoules();
        if (counter != null) {
            // A counter that goes backwards was reset (driver reload): count only increases.
            if (lastCounter != null && counter < lastCounter) {
                counterResets++;
            }
            else if (lastCounter != null) {
                long increase = counter - lastCounter;
                double seconds = Math.max(sample.time() - lastCounterTime, 1.0);
                if (increase > MAX_COUNTER_WATTS * 1000 * seconds) {
                    implausibleSteps++;
                    if (Double.isNaN(firstImplausible)) {
                        firstImplausible = sample.time();
                    }
                }
                else {
                    counterMillijoules += increase;
                }
            }
            lastCounter = counter;
            lastCounterTime = sample.time();
            counterReadings++;
        }
        Double power = sample.powerWatts();
        if (power != null && Double.isFinite(power)) {
            double dt = sample.time() - lastPowerTime;
            if (!Double.isNaN(lastPowerTime) && dt > 0 && dt <= MAX_INTEGRATION_GAP_SECONDS) {
                integratedJoules += (lastPower + power) / 2 * dt;
            }
            lastPowerTime = sample.time();
            lastPower = power;
            powerReadings++;
        }
    }

    /** Energy in Wh: the counter's increase when it was read twice or more, else integrated power, else null. */
    Double energyWh() {
        if (counterReadings >= 2) {
            return counterMillijoules / 3_600_000.0;
        }
        if (powerReadings >= 2) {
            return integratedJoules / 3600.0;
        }
        return null;
    }

    /** How often the energy counter went backwards. */
    long counterResets() {
        return counterResets;
    }

    /** Counter increases left out because no GPU can draw that much power. */
    long implausibleSteps() {
        return implausibleSteps;
    }

    double firstImplausible() {
        return firstImplausible;
    }

    long judgedSamples() {
        return judgedSamples;
    }

    long idleSamples() {
        return idleSamples;
    }

    double firstIdle() {
        return firstIdle;
    }

    long samplesWithReasons() {
        return samplesWithReasons;
    }

    long thermalSamples() {
        return thermalSamples;
    }

    double firstThermal() {
        return firstThermal;
    }

    long powerThrottleSamples() {
        return powerSamples;
    }

    double firstPowerThrottle() {
        return firstPowerThrottle;
    }

    double firstNearFull() {
        return firstNearFull;
    }

    double nearFullFraction() {
        return nearFullFraction;
    }
}
