package io.jenkins.plugins.gputraining.runner.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes of a training run: the launched process and all its descendants (torchrun workers, DataLoader
 * workers, …), read from the OS each time since they come and go.
 */
public final class ProcessTree {
    private final ProcessHandle root;

    public ProcessTree(final ProcessHandle root) {
        this.root = root;
    }

    /** PIDs of the live processes of the tree, the root first. */
    public Set<Long> pids() {
        Set<Long> pids = new LinkedHashSet<>();
        if (root.isAlive()) {
            pids.add(root.pid());
        }
        root.descendants().filter(ProcessHandle::isAlive).forEach(handle -> pids.add(handle.pid()));
        return pids;
    }

    /** The live processes whose state is not the one asked about, as {@code pid (state)}. */
    List<String> notIn(final boolean stopped) {
        List<String> others = new ArrayList<>();
        for (long pid : pids()) {
            char state = state(pid);
            boolean isStopped = state == 'T' || state == 't';
            // Zombies and the dead are neither running nor in the way. A process in uninterruptible I/O ('D')
            // with SIGSTOP pending stops the moment the I/O completes: under heavy I/O that can take seconds.
            boolean stopping = stopped && state == 'D' && hasPendingStop(pid);
            if (state != 'Z' && state != 'X' && state != '?' && isStopped != stopped && !stopping) {
                others.add(pid + " (" + state + ")");
            }
        }
        return others;
    }

    /** Whether SIGSTOP is pending for a process (its own or its thread group's pending mask, /proc/PID/status). */
    static boolean hasPendingStop(final long pid) {
        long bit = 1L << (Signal.SIGSTOP.number() - 1);
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigPnd:") || line.startsWith("ShdPnd:")) {
                    if ((Long.parseUnsignedLong(line.substring(7).trim(), 16) & bit) != 0) {
                        return true;
                    }
                }
            }
        }
        catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /**
     * Whether a process group has a member that is not a zombie (a zombie waits for its parent, or for init, to reap
     * it, and runs no more). Reads {@code /proc}: {@code kill(-group, 0)} counts zombies too.
     */
    public static boolean groupHasLiveMembers(final long group) {
        try (java.util.stream.Stream<ProcessHandle> processes = ProcessHandle.allProcesses()) {
            return processes.anyMatch(handle -> {
                String stat = stat(handle.pid());
                int end = stat == null ? -1 : stat.lastIndexOf(')');
                if (end < 0 || end + 2 >= stat.length()) {
                    return false;
                }
                String[] fields = stat.substring(end + 2).split(" ", 4);
                return fields.length >= 3 && fields[2].equals(Long.toString(group)) && !fields[0].equals("Z")
                        && !fields[0].equals("X");
            });
        }
    }

    private static String stat(final long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        }
        catch (IOException e) {
            return null;
        }
    }

    /**
     * A process's scheduler state from {@code /proc/PID/stat}: R running, S sleeping, D disk wait, T stopped,
     * t traced, Z zombie; {@code ?} when it cannot be read (gone, or not Linux).
     */
    public static char state(final long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may contain spaces and parentheses: the state follows the last ')'.
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() ? '?' : stat.charAt(end + 2);
        }
        catch (IOException e) {
            return '?';
        }
    }
}
