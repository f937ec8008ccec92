package io.jenkins.plugins.gputraining.agent.server;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An unprivileged account for tests that start jobs while they run as root (a root service refuses to start jobs
 * without {@code --job-user}): created with {@code useradd} once per test JVM, removed with {@code userdel} when the
 * JVM ends. Its name carries this JVM's pid, so test runs side by side do not share one.
 */
final class TestJobUser {
    private static String name;
    private static String failure;

    private TestJobUser() {
    }

    /** The account's name when the tests run as root, else {@code null} (jobs run as the tests' own user). */
    static synchronized String ifRoot() {
        if (!ServiceProcess.isRoot()) {
            return null;
        }
        return require();
    }

    /** The account's name; the test is skipped, saying why, when the tests do not run as root or useradd fails. */
    static synchronized String require() {
        assumeThat(ServiceProcess.isRoot()).as("a job user can only be created, and used, by tests running as root")
                .isTrue();
        if (name == null && failure == null) {
            create();
        }
        assumeThat(failure).as("creating a job user for the tests").isNull();
        return name;
    }

    /** Makes a folder the tests write scripts into readable and passable for the job user ({@code chmod 755}). */
    static void share(final Path folder) throws IOException {
        Files.setAttribute(folder, "unix:mode", 0755);
    }

    private static void create() {
        String candidate = "gtjob" + ProcessHandle.current().pid();
        try {
            int code = 0;
            String output = "";
            // useradd fails while another process holds /etc/passwd's lock: try again a few times.
            for (int attempt = 0; attempt < 10; attempt++) {
                Process process = new ProcessBuilder("useradd", "--system", "--user-group", "--no-create-home",
                        "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", candidate)
                        .redirectErrorStream(true).start();
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    code = -1;
                    continue;
                }
                code = process.exitValue();
                if (code == 0 || code == 9) {
                    // 9: the account exists already (a test JVM with the same pid left it behind): use it.
                    break;
                }
                Thread.sleep(500);
            }
            if (code != 0 && code != 9) {
                failure = "useradd " + candidate + " exited with " + code + ": " + output.strip();
                return;
            }
            name = candidate;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(candidate), "remove-test-job-user"));
        }
        catch (IOException e) {
            failure = "useradd is not available: " + e.getMessage();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted while creating a job user";
        }
    }

    private static void remove(final String account) {
        try {
            Process process = new ProcessBuilder(List.of("userdel", "--force", account)).redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (IOException e) {
            // Left behind: a system account without a home or a login shell.
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
