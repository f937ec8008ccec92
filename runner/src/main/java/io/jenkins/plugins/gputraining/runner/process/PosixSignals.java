package io.jenkins.plugins.gputraining.runner.process;

import com.sun.jna.Native;

/** {@code kill(2)} through JNA: Java cannot signal a process group, or send STOP/CONT/USR1, by itself. */
final class PosixSignals {
    private static final boolean AVAILABLE;

    static {
        boolean available;
        try {
            Native.register(PosixSignals.class, "c");
            available = true;
        }
        catch (UnsatisfiedLinkError | RuntimeException e) {
            available = false;
        }
        AVAILABLE = available;
    }

    private PosixSignals() {
    }

    private static native int kill(int pid, int signal);

    /** Whether signals can be sent on this platform (Linux, macOS). */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Sends a signal to a process, or to a process group when {@code pid} is negative.
     *
     * @return whether the signal was delivered (false when the target is gone)
     */
    static boolean send(final long pid, final Signal signal) {
        if (!AVAILABLE) {
            throw new IllegalStateException("cannot send signals on this platform (libc not found through JNA)");
        }
        return kill((int) pid, signal.number()) == 0;
    }

    /**
     * Whether a process (or, with a negative {@code pid}, a process group) exists: {@code kill(pid, 0)}, which
     * delivers nothing.
     */
    static boolean exists(final long pid) {
        if (!AVAILABLE) {
            throw new IllegalStateException("cannot send signals on this platform (libc not found through JNA)");
        }
        return kill((int) pid, 0) == 0;
    }
}
