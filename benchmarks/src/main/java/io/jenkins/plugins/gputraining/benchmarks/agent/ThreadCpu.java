package io.jenkins.plugins.gputraining.benchmarks.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * This JVM's CPU time by thread, from {@code /proc/self/task/TID/stat} (Linux; empty elsewhere): all threads, the
 * JIT's and the collector's too, by their native names (Java thread names cut to 15 characters), so that a phase's
 * CPU can be told apart by who spent it. Threads of a pool are summed under one name (digits dropped).
 */
final class ThreadCpu {
    /** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux of note). */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> ticksByTask;
    private final Map<String, String> nameByTask;

    private ThreadCpu(final Map<String, Long> ticksByTask, final Map<String, String> nameByTask) {
        this.ticksByTask = ticksByTask;
        this.nameByTask = nameByTask;
    }

    /** The CPU ticks of every thread now. */
    static ThreadCpu now() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    // After the name: state(0) ppid … utime(11) stime(12)
                    ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    names.put(task.getFileName().toString(), stat.substring(open + 1, close));
                }
                catch (IOException | RuntimeException e) {
                    // The thread ended meanwhile.
                }
            }
        }
        catch (IOException e) {
            // Not Linux.
        }
        return new ThreadCpu(ticks, names);
    }

    /**
     * The CPU seconds each group of threads spent since {@code before}, most first, at most {@code limit} groups and
     * the rest summed as "other": e.g. {@code JettyServerThreadPool 0.41 s, C2 CompilerThread 0.12 s}.
     */
    String since(final ThreadCpu before, final int limit) {
        Map<String, Long> byGroup = new HashMap<>();
        ticksByTask.forEach((task, ticks) -> {
            long delta = ticks - before.ticksByTask.getOrDefault(task, 0L);
            if (delta > 0) {
                byGroup.merge(group(nameByTask.get(task)), delta, Long::sum);
            }
        });
        if (byGroup.isEmpty()) {
            return "none measured";
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byGroup.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> parts = new ArrayList<>();
        long other = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < limit) {
                parts.add(Table.format("%s %.2f s", sorted.get(i).getKey(), sorted.get(i).getValue()
                        / TICKS_PER_SECOND));
            }
            else {
                other += sorted.get(i).getValue();
            }
        }
        if (other > 0) {
            parts.add(Table.format("other %.2f s", other / TICKS_PER_SECOND));
        }
        return String.join(", ", parts);
    }

    /** The CPU seconds the JIT's compiler threads spent since {@code before}. */
    double compilerSecondsSince(final ThreadCpu before) {
        long ticks = 0;
        for (Map.Entry<String, Long> task : ticksByTask.entrySet()) {
            String name = nameByTask.get(task.getKey());
            if (name != null && name.contains("CompilerThre")) {
                ticks += Math.max(0, task.getValue() - before.ticksByTask.getOrDefault(task.getKey(), 0L));
            }
        }
        return ticks / TICKS_PER_SECOND;
    }

    /**
     * A pool's threads under one name: numbers after a separator and trailing ones dropped
     * ({@code JettyServerThre}, {@code gpu-training-st}, {@code GC Thread}, {@code C2 CompilerThre}).
     */
    static String group(final String name) {
        if (name == null) {
            return "?";
        }
        String group = name.replaceAll("[-#_.][0-9]+", "").replaceAll("[-#_ .0-9]+$", "").strip();
        return group.isEmpty() ? name : group;
    }
}
