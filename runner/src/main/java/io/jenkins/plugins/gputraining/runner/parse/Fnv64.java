package io.jenkins.plugins.gputraining.runner.parse;

/** FNV-1a, 64 bits: a cheap, stable fingerprint of a record, so that remembering a record costs 8 bytes. */
final class Fnv64 {
    static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fnv64() {
    }

    static long add(final long hash, final byte b) {
        return (hash ^ (b & 0xff)) * PRIME;
    }

    static long add(final long hash, final byte[] bytes) {
        long h = hash;
        for (byte b : bytes) {
            h = add(h, b);
        }
        return h;
    }
}
