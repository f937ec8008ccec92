package io.jenkins.plugins.gputraining.agent.demo;

import java.util.Locale;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A POSIX signal handler through {@code sun.misc.Signal} (module {@code jdk.unsupported}) that runs an action,
 * and puts the previous handler back on {@link #close()}.
 *
 * <p>Callers install it through {@link #install}, which reports {@code null} instead of failing where the module is
 * absent (a {@code jlink}ed runtime without {@code jdk.unsupported}), the signal does not exist (Windows has no
 * {@code USR1}) or the JVM reserves it.
 */
final class SignalTrap implements AutoCloseable {
    private final Signal signal;
    private final SignalHandler previous;

    private SignalTrap(final Signal signal, final SignalHandler previous) {
        this.signal = signal;
        this.previous = previous;
    }

    /** {@code SIGUSR1}, {@code usr1} and {@code USR1} all name {@code USR1}. */
    static String normalize(final String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        return upper.startsWith("SIG") ? upper.substring(3) : upper;
    }

    /**
     * Installs a handler for a signal.
     *
     * @return the installed trap, or {@code null} when signals cannot be trapped here; {@code why} then receives
     *         the reason
     */
    static SignalTrap install(final String name, final Runnable action, final StringBuilder why) {
        try {
            return Installer.install(normalize(name), action);
        }
        catch (IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            why.append(e.getMessage());
        }
        catch (LinkageError e) {
            why.append("sun.misc.Signal is not available (module jdk.unsupported missing): ").append(e);
        }
        return null;
    }

    @Override
    public void close() {
        try {
            Signal.handle(signal, previous);
        }
        catch (IllegalArgumentException e) {
            // cannot happen for a signal we installed; nothing left to restore
        }
    }

    /** Keeps every reference to {@code sun.misc} behind one class load, so its absence is one catchable error. */
    private static final class Installer {
        static SignalTrap install(final String name, final Runnable action) {
            Signal signal = new Signal(name);
            SignalHandler previous = Signal.handle(signal, received -> action.run());
            return new SignalTrap(signal, previous);
        }
    }
}
