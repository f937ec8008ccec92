package io.jenkins.plugins.gputraining.runner.process;

/** The POSIX signals the agent sends or reports, with their Linux numbers. */
public enum Signal {
    SIGHUP(1), SIGINT(2), SIGQUIT(3), SIGABRT(6), SIGKILL(9), SIGUSR1(10), SIGSEGV(11), SIGUSR2(12), SIGPIPE(13),
    SIGTERM(15), SIGCONT(18), SIGSTOP(19), SIGTSTP(20);

    private final int number;

    Signal(final int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The signal with a Linux number, or {@code null}. */
    public static Signal of(final int number) {
        for (Signal signal : values()) {
            if (signal.number == number) {
                return signal;
            }
        }
        return null;
    }

    /**
     * Parses {@code SIGUSR1}, {@code USR1} or {@code 10}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Signal parse(final String text) {
        String name = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
            Signal signal = of(Integer.parseInt(name));
            if (signal != null) {
                return signal;
            }
        }
        for (Signal signal : values()) {
            if (signal.name().equals(name) || signal.name().equals("SIG" + name)) {
                return signal;
            }
        }
        throw new IllegalArgumentException("unknown signal \"" + text + "\"; use a name such as SIGUSR1 or USR1, or a number");
    }

    /** The name of the signal that ended a process whose exit code is 128 + its number (the shell convention). */
    public static String fromExitCode(final int exitCode) {
        if (exitCode <= 128) {
            return null;
        }
        Signal signal = of(exitCode - 128);
        return signal == null ? "signal " + (exitCode - 128) : signal.name();
    }
}
