package io.jenkins.plugins.gputraining.agent.server;

import com.sun.jna.Native;

/**
 * The service's own process, through libc (JNA): who it runs as, and closing its memory and {@code /proc/<pid>/*}
 * (environ, mem, …) to other processes of the same user, jobs included ({@code prctl(PR_SET_DUMPABLE, 0)};
 * docs/rest-api.md, "Security model").
 */
public final class ServiceProcess {
    private static final int PR_GET_DUMPABLE = 3;
    private static final int PR_SET_DUMPABLE = 4;
    private static final boolean AVAILABLE;

    static {
        boolean available;
        try {
            Native.register(ServiceProcess.class, "c");
            available = true;
        }
        catch (UnsatisfiedLinkError | RuntimeException e) {
            available = false;
        }
        AVAILABLE = available;
    }

    private ServiceProcess() {
    }

    private static native int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    private static native int geteuid();

    /**
     * Makes this process non-dumpable: processes of the same user can no longer read its {@code /proc/<pid>/environ}
     * or memory, nor attach a debugger to it (only a process with CAP_SYS_PTRACE can). Children started afterwards
     * are dumpable again once they run a program ({@code execve} resets the flag).
     *
     * @return whether the process is now non-dumpable (false where libc or prctl is missing: not Linux)
     */
    public static boolean makeNonDumpable() {
        if (!AVAILABLE) {
            return false;
        }
        try {
            return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
        }
        catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** Whether this process runs as root (effective user id 0); false where that cannot be told. */
    public static boolean isRoot() {
        if (!AVAILABLE) {
            return false;
        }
        try {
            return geteuid() == 0;
        }
        catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
