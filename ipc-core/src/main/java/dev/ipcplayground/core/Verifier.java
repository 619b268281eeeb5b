package dev.ipcplayground.core;

/**
 * The consumer's check of every message: intact (CRC32C, length, every payload byte) and in
 * sequence (none lost, duplicated or reordered).
 *
 * <p>Sequence tracking keeps no list of what arrived, only {@code next}, the lowest sequence
 * not yet seen in order, and a bitmap of the last {@value #WINDOW} sequences below it. A jump
 * ahead counts the skipped messages as lost; one of them arriving later turns one "lost" into
 * one "reordered"; a sequence whose bit is already set is a duplicate. Nothing is allocated
 * per message; a description is built only for the first fault.
 */
public final class Verifier {

    static final int WINDOW = 4096;

    private final int payloadLength;
    private final String sender;
    private final long[] seen = new long[WINDOW / 64];
    private long next;
    private long received, lost, duplicated, reordered, corrupt;
    private String firstProblem = "";

    /** A verifier for messages whose payloads are all {@code payloadLength} bytes long. */
    public Verifier(int payloadLength) {
        this(payloadLength, "");
    }

    /**
     * A verifier of one sender's messages, among several: {@code sender} names it in the first
     * problem ("producer 2's message 17: ..."), or is empty when there is one.
     */
    public Verifier(int payloadLength, String sender) {
        this.payloadLength = payloadLength;
        this.sender = sender.isEmpty() ? "" : sender + "'s ";
    }


    /** Checks one received message (not the end marker); true when it is intact and in order. */
    public boolean accept(Frame frame) {
        received++;
        if (!frame.crcMatches()) {
            return fault(Fault.CORRUPT, frame, "CRC32C mismatch");
        }
        if (frame.payloadLength() != payloadLength) {
            return fault(Fault.CORRUPT, frame, "payload length " + frame.payloadLength() + ", expected " + payloadLength);
        }
        if (!frame.payloadMatches(payloadLength)) {
            return fault(Fault.CORRUPT, frame, "payload bytes differ from the sequence's pattern");
        }
        long sequence = frame.sequence();
        if (sequence == next) {
            mark(sequence);
            next++;
            return true;
        }
        if (sequence > next) {
            long skipped = sequence - next;
            for (long s = next; s < sequence && s < next + WINDOW; s++) {
                unmark(s);
            }
            mark(sequence);
            next = sequence + 1;
            lost += skipped;
            return fault(Fault.NONE, frame, skipped + " message(s) missing before it");
        }
        if (sequence < 0 || sequence < next - WINDOW || isMarked(sequence)) {
            return fault(Fault.DUPLICATED, frame, "seen before");
        }
        mark(sequence);
        lost--;
        return fault(Fault.REORDERED, frame, "arrived after message " + (next - 1));
    }

    /** Ends the check: messages up to {@code expected} that never came are lost. */
    public Verification finish(long expected) {
        if (next < expected) {
            lost += expected - next;
            if (firstProblem.isEmpty()) {
                firstProblem = sender + "messages " + next + ".." + (expected - 1) + " never arrived";
            }
        }
        return new Verification(received, lost, duplicated, reordered, corrupt, firstProblem);
    }

    private enum Fault { NONE, CORRUPT, DUPLICATED, REORDERED }

    private boolean fault(Fault fault, Frame frame, String what) {
        switch (fault) {
            case CORRUPT -> corrupt++;
            case DUPLICATED -> duplicated++;
            case REORDERED -> reordered++;
            case NONE -> { }
        }
        if (firstProblem.isEmpty()) {
            firstProblem = sender + "message " + frame.sequence() + ": " + what;
        }
        return false;
    }

    private void mark(long sequence) {
        int bit = (int) (sequence & (WINDOW - 1));
        seen[bit >>> 6] |= 1L << bit;
    }

    private void unmark(long sequence) {
        int bit = (int) (sequence & (WINDOW - 1));
        seen[bit >>> 6] &= ~(1L << bit);
    }

    private boolean isMarked(long sequence) {
        int bit = (int) (sequence & (WINDOW - 1));
        return (seen[bit >>> 6] & (1L << bit)) != 0;
    }
}
