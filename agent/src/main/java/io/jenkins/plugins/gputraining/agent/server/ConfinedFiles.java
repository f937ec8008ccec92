package io.jenkins.plugins.gputraining.agent.server;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Opens files and folders inside a run's folders without following links out of them, even links swapped in after
 * a path was checked. A path is first resolved to its real path and checked to lie inside a root (see
 * {@link RunsDirectory#requireInside}); then every step below the root is opened relative to the folder opened
 * before it ({@code openat(2)} through {@link SecureDirectoryStream}) and without following a link, so what is read
 * is the file that was checked: a job that replaces a folder of its workspace with a link to {@code /etc} between the
 * check and the read gets an error, not {@code /etc}'s files.
 */
final class ConfinedFiles {
    private ConfinedFiles() {
    }

    /** Thrown when something on the way is now a link (or no longer a folder): it changed after the check. */
    static final class ChangedException extends IOException {
        private static final long serialVersionUID = 1L;

        ChangedException(final Path path, final Throwable cause) {
            super(path + " changed while being opened (a link or another kind of file appeared on its way)", cause);
        }
    }

    /**
     * Opens a regular file for reading.
     *
     * @param realRoot the real path of the folder it must be inside
     * @param realFile its real path, inside {@code realRoot}
     * @throws ChangedException when a step is now a link or not a folder
     */
    static SeekableByteChannel openFile(final Path realRoot, final Path realFile) throws IOException {
        Path relative = relative(realRoot, realFile);
        if (relative.getNameCount() == 0 || relative.toString().isEmpty()) {
            throw new IOException(realFile + " is a folder, not a file");
        }
        SecureDirectoryStream<Path> parent = openDirectory(realRoot, relative.getParent() == null ? realRoot
                : realRoot.resolve(relative.getParent()));
        if (parent == null) {
            return fallbackOpen(realFile);
        }
        try (parent) {
            Path name = relative.getFileName();
            try {
                if (!isRegularFile(parent, name)) {
                    throw new ChangedException(realFile, null);
                }
            }
            catch (FileSystemException e) {
                throw new ChangedException(realFile, e);
            }
            try {
                return parent.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            }
            catch (FileSystemException e) {
                throw new ChangedException(realFile, e);
            }
        }
    }

    /**
     * Opens a folder for listing and for opening its entries relative to it.
     *
     * @return the open folder, or {@code null} on a platform without {@code openat(2)} (then callers check paths)
     * @throws ChangedException when a step is now a link or not a folder
     */
    static SecureDirectoryStream<Path> openDirectory(final Path realRoot, final Path realDirectory)
            throws IOException {
        Path relative = relative(realRoot, realDirectory);
        DirectoryStream<Path> root = Files.newDirectoryStream(realRoot);
        if (!(root instanceof SecureDirectoryStream<Path> current)) {
            root.close();
            return null;
        }
        try {
            for (Path step : relative) {
                if (step.toString().isEmpty()) {
                    continue;
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = current.newDirectoryStream(step, LinkOption.NOFOLLOW_LINKS);
                }
                catch (FileSystemException e) {
                    throw new ChangedException(realDirectory, e);
                }
                current.close();
                current = next;
            }
            return current;
        }
        catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    /** Whether an entry of an open folder is a regular file (a link is not). */
    static boolean isRegularFile(final SecureDirectoryStream<Path> folder, final Path name) throws IOException {
        return folder.getFileAttributeView(name, java.nio.file.attribute.BasicFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes().isRegularFile();
    }

    private static Path relative(final Path realRoot, final Path realPath) throws IOException {
        if (!realPath.startsWith(realRoot)) {
            throw new IOException(realPath + " is not inside " + realRoot);
        }
        return realRoot.relativize(realPath);
    }

    /** Without openat(2): the path was checked, and the last step is not followed if it is a link. */
    private static SeekableByteChannel fallbackOpen(final Path realFile) throws IOException {
        if (!Files.isRegularFile(realFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new ChangedException(realFile, null);
        }
        return Files.newByteChannel(realFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
