package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident memory from {@code /proc/PID/status} (Linux): VmRSS now, VmHWM its peak so far. */
record ProcStatus(long rssKib, long peakRssKib) {
    /** Empty once the process has gone (or off Linux). */
    static java.util.Optional<ProcStatus> of(final long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            OptionalLong rss = field(status, "VmRSS:");
            OptionalLong peak = field(status, "VmHWM:");
            if (rss.isEmpty()) {
                return java.util.Optional.empty(); // a zombie has no memory lines
            }
            return java.util.Optional.of(new ProcStatus(rss.getAsLong(), peak.orElse(rss.getAsLong())));
        }
        catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static OptionalLong field(final String status, final String name) {
        int at = status.indexOf(name);
        if (at < 0) {
            return OptionalLong.empty();
        }
        int end = status.indexOf('\n', at);
        String value = status.substring(at + name.length(), end < 0 ? status.length() : end).trim();
        return OptionalLong.of(Long.parseLong(value.split("\\s+")[0]));
    }

    double rssMib() {
        return rssKib / 1024.0;
    }

    double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
