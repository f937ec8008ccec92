package io.jenkins.plugins.gputraining.model.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What a run index knows of one source file it covers: its length, modification time, and a fingerprint of its
 * content (64-bit FNV-1a hashes of its first and of its last {@link #SAMPLE_BYTES} bytes up to that length). An index
 * is trusted only while each source file still has that length and fingerprint (the modification time lets a check
 * skip reading the bytes when it is unchanged too). A missing file has length -1.
 *
 * @param name the file's name in the run directory
 * @param length its length in bytes, -1 when missing
 * @param modifiedNanos its modification time, nanoseconds since the epoch
 * @param headHash hash of its first bytes
 * @param tailHash hash of its last bytes before {@code length}
 */
record SourceStamp(String name, long length, long modifiedNanos, long headHash, long tailHash) {
    /** Bytes hashed at each end. */
    static final int SAMPLE_BYTES = 4096;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    static SourceStamp missing(final String name) {
        return new SourceStamp(name, -1, 0, 0, 0);
    }

    /** The stamp of a file as it is now, covering {@code length} bytes (or all of it when {@code length < 0}). */
    static SourceStamp of(final Path directory, final String name, final long length) throws IOException {
        Path file = directory.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            return missing(name);
        }
        if (!attributes.isRegularFile()) {
            return new SourceStamp(name, -2, 0, 0, 0);
        }
        long covered = length < 0 ? attributes.size() : length;
        long[] hashes = hashes(file, covered);
        return new SourceStamp(name, covered, attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS), hashes[0],
                hashes[1]);
    }

    /**
     * Whether the file still is what this stamp covers: same length, and same modification time or (a copied file)
     * the same fingerprint.
     */
    boolean matches(final Path directory) throws IOException {
        Path file = directory.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            return length == -1;
        }
        if (!attributes.isRegularFile() || attributes.size() != length) {
            return false;
        }
        if (attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) == modifiedNanos) {
            return true;
        }
        long[] hashes = hashes(file, length);
        return hashes[0] == headHash && hashes[1] == tailHash;
    }

    /** Whether a file grown from the covered one still begins with the covered bytes (as far as the hashes tell). */
    boolean isPrefixOf(final Path directory) throws IOException {
        Path file = directory.resolve(name);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        }
        catch (NoSuchFileException e) {
            return length <= 0;
        }
        if (!attributes.isRegularFile() || attributes.size() < length) {
            return false;
        }
        long[] hashes = hashes(file, length);
        return hashes[0] == headHash && hashes[1] == tailHash;
    }

    private static long[] hashes(final Path file, final long length) throws IOException {
        if (length <= 0) {
            return new long[] {FNV_OFFSET, FNV_OFFSET};
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long head = hash(channel, 0, (int) Math.min(SAMPLE_BYTES, length));
            long tailStart = Math.max(0, length - SAMPLE_BYTES);
            long tail = hash(channel, tailStart, (int) (length - tailStart));
            return new long[] {head, tail};
        }
    }

    private static long hash(final FileChannel channel, final long position, final int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        long hash = FNV_OFFSET;
        buffer.flip();
        while (buffer.hasRemaining()) {
            hash ^= buffer.get() & 0xff;
            hash *= FNV_PRIME;
        }
        return hash ^ buffer.limit();
    }
}
