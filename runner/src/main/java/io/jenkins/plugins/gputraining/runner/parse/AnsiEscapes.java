package io.jenkins.plugins.gputraining.runner.parse;

/**
 * Removes terminal control sequences (colours, cursor movement, window titles) and other control characters, so that
 * parsers see the text a person reads. Tabs stay.
 */
final class AnsiEscapes {
    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char CSI_8BIT = 0x9b;

    private AnsiEscapes() {
    }

    static String strip(final String text) {
        if (isClean(text)) {
            return text; // the common case: no copy
        }
        StringBuilder out = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == ESC && i + 1 < n) {
                i = skipEscape(text, i + 1);
            }
            else if (c == CSI_8BIT) {
                i = skipControlSequence(text, i + 1);
            }
            else {
                if (!isControl(c)) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isClean(final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isControl(final char c) {
        return c < 0x20 && c != '\t' || c >= 0x7f && c <= 0x9f;
    }

    /** {@code from} is the index after ESC; returns the index after the sequence. */
    private static int skipEscape(final String text, final int from) {
        char kind = text.charAt(from);
        switch (kind) {
            case '[':
                return skipControlSequence(text, from + 1);
            case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: a string up to BEL or ESC '\'
                for (int i = from + 1; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == BEL) {
                        return i + 1;
                    }
                    if (c == ESC && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                        return i + 2;
                    }
                }
                return text.length();
            default:
                // ESC, intermediate bytes (e.g. '(' of a charset selection), one final byte
                int i = from;
                while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x2f) {
                    i++;
                }
                return Math.min(i + 1, text.length());
        }
    }

    /** CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E. */
    private static int skipControlSequence(final String text, final int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= 0x20 && text.charAt(i) <= 0x3f) {
            i++;
        }
        if (i < text.length() && text.charAt(i) >= 0x40 && text.charAt(i) <= 0x7e) {
            i++;
        }
        return i;
    }
}
