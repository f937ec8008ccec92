package io.jenkins.plugins.gputraining.agent.server;

import io.jenkins.plugins.gputraining.model.text.PrintableText;
import io.jenkins.plugins.gputraining.model.api.ApiRequestException;
import java.util.Locale;

/**
 * One byte range of a {@code Range: bytes=…} request header (RFC 9110 §14.1.2), resolved against a file's size.
 *
 * @param start the first byte
 * @param end the last byte, inclusive
 */
record ByteRange(long start, long end) {
    long length() {
        return end - start + 1;
    }

    String contentRange(final long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * The range a header asks for.
     *
     * @return {@code null} when the whole file is to be sent: no header, a unit other than bytes, several ranges
     *         (which the service does not combine), or a header it cannot parse (RFC 9110 lets a server ignore those)
     * @throws ApiRequestException 416 when the range lies beyond the file
     */
    static ByteRange parse(final String header, final long size) {
        if (header == null) {
            return null;
        }
        String value = header.strip().toLowerCase(Locale.ROOT);
        if (!value.startsWith("bytes=") || value.indexOf(',') >= 0) {
            return null;
        }
        String spec = value.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    throw unsatisfiable(header, size);
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (start < 0 || end < start) {
                return null;
            }
            if (start >= size) {
                throw unsatisfiable(header, size);
            }
            return new ByteRange(start, Math.min(end, size - 1));
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static ApiRequestException unsatisfiable(final String header, final long size) {
        return new RangeNotSatisfiable("range \"" + PrintableText.printable(header) + "\" is beyond the file's " + size
                + " bytes", size);
    }

    /** A 416, which carries the file's size for its {@code Content-Range: bytes *}{@code /size} header. */
    static final class RangeNotSatisfiable extends ApiRequestException {
        private static final long serialVersionUID = 1L;
        private final long size;

        RangeNotSatisfiable(final String message, final long size) {
            super(416, message);
            this.size = size;
        }

        long size() {
            return size;
        }
    }
}
