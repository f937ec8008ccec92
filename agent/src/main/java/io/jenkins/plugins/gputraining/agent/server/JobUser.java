package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The unprivileged account a root service runs its jobs' training commands as ({@code serve --job-user}): the agent
 * that supervises a job stays with the service's user, and the training command is started through
 * {@code setpriv --reuid --regid --init-groups --no-new-privs}, so a job cannot read the service's token file, its
 * {@code /proc/<pid>/environ}, nor write the run directories (docs/rest-api.md, "Security model").
 *
 * @param name the account's name
 * @param uid its user id (never 0)
 * @param gid its primary group id
 * @param home its home directory (the job's {@code HOME})
 * @param setpriv the {@code setpriv} program (util-linux)
 */
record JobUser(String name, int uid, int gid, Path home, Path setpriv) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,31}");
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));
    private static final List<Path> GETENT = List.of(Path.of("/usr/bin/getent"), Path.of("/bin/getent"));

    /**
     * Looks an account up (NSS, through {@code getent passwd}).
     *
     * @throws IOException naming the problem: a malformed name, an unknown account, root, no {@code setpriv}
     */
    static JobUser lookup(final String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IOException("--job-user \"" + PrintableText.printable(name) + "\" is not a user name");
        }
        Path setpriv = SETPRIV.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IOException(
                "--job-user needs setpriv (util-linux) in /usr/bin or /bin to start jobs as " + name));
        Path getent = GETENT.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IOException(
                "--job-user needs getent (libc-bin) in /usr/bin or /bin to look " + name + " up"));
        Process process = new ProcessBuilder(getent.toString(), "passwd", name).redirectErrorStream(true).start();
        String entry;
        try {
            entry = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("--job-user " + name + ": no such user (getent passwd " + name + " found none)");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking up --job-user " + name, e);
        }
        String[] fields = entry.split(":", -1);
        if (fields.length < 7) {
            throw new IOException("--job-user " + name + ": unexpected passwd entry");
        }
        int uid;
        int gid;
        try {
            uid = Integer.parseInt(fields[2]);
            gid = Integer.parseInt(fields[3]);
        }
        catch (NumberFormatException e) {
            throw new IOException("--job-user " + name + ": unexpected passwd entry", e);
        }
        if (uid == 0) {
            throw new IOException("--job-user " + name + " is root (uid 0); name an unprivileged account");
        }
        return new JobUser(name, uid, gid, Path.of(fields[5].isEmpty() ? "/" : fields[5]), setpriv);
    }

    /** What goes in front of the training command: {@code setpriv … --}. */
    List<String> commandPrefix() {
        return List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--no-new-privs",
                "--");
    }

    /** Hands a folder the service created to this account ({@code chown uid:gid}, mode 0700). */
    void own(final Path directory) throws IOException {
        Files.setAttribute(directory, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(directory, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(directory, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
    }
}
