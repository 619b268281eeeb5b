package dev.ipcplayground.core;

import java.util.Arrays;

/**
 * The payload of message {@code n} is the byte sequence {@code n, n+1, n+2, ...} (mod 256).
 *
 * <p>So the consumer checks every byte of every message without the producer's help and without
 * keeping a copy: message {@code n} must equal the reference ramp starting at {@code n mod 256}.
 * Both the fill and the check are one bulk array operation ({@code System.arraycopy} and
 * {@code Arrays.mismatch}, which the JIT turns into vector instructions), so verifying costs
 * little even for megabyte messages, and allocates nothing.
 */
public final class PayloadPattern {

    /** The repeating ramp 0, 1, ..., 255, 0, 1, ... long enough for the largest payload plus any start. */
    private static volatile byte[] ramp = new byte[0];

    private PayloadPattern() {}

    /** Writes the payload of message {@code sequence} into {@code dst[offset, offset+length)}. */
    public static void fill(long sequence, byte[] dst, int offset, int length) {
        System.arraycopy(rampFor(length), start(sequence), dst, offset, length);
    }

    /** True when {@code src[offset, offset+length)} is exactly the payload of message {@code sequence}. */
    public static boolean matches(long sequence, byte[] src, int offset, int length) {
        int start = start(sequence);
        return Arrays.mismatch(src, offset, offset + length, rampFor(length), start, start + length) < 0;
    }

    private static int start(long sequence) {
        return (int) (sequence & 0xFF);
    }

    /** Grows the ramp on first use of a size; never on the hot path of a run, whose size is fixed. */
    private static byte[] rampFor(int length) {
        byte[] r = ramp;
        if (r.length < length + 256) {
            r = new byte[length + 256];
            for (int i = 0; i < r.length; i++) {
                r[i] = (byte) i;
            }
            ramp = r;
        }
        return r;
    }
}
