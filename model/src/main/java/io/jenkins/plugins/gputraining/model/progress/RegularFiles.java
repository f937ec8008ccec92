package io.jenkins.plugins.gputraining.model.progress;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The readers' rule for files: only regular files (or links to them) are read. Opening a FIFO would block until
 * a writer comes, and a device such as {@code /dev/zero} never ends; both are refused with a message saying what the
 * file is.
 */
final class RegularFiles {
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private RegularFiles() {
    }

    /**
     * The size of a regular file, or -1 when it does not exist (a dangling link does not exist either).
     *
     * @throws IOException naming what the file is when it is not a regular file, or when it cannot be examined
     */
    static long size(final Path file, final String name) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            return -1;
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(name + " is not a regular file but " + kind(file, attributes) + "; it is not read");
        }
        return attributes.size();
    }

    /** Reads a file's first {@code limit} bytes at most (it may have grown since its size was taken). */
    static byte[] readAtMost(final Path file, final int limit, final String name) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(limit + 1);
            if (content.length > limit) {
                throw new IOException(name + " has grown beyond " + limit + " bytes while being read");
            }
            return content;
        }
    }

    private static String kind(final Path file, final BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer bits) {
                switch (bits & S_IFMT) {
                    case S_IFIFO:
                        return "a FIFO (named pipe)";
                    case S_IFCHR:
                        return "a character device";
                    case S_IFBLK:
                        return "a block device";
                    case S_IFSOCK:
                        return "a socket";
                    default:
                        break;
                }
            }
        }
        catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Not a Unix file system: say less.
        }
        return "a special file";
    }
}
