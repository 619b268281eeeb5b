package dev.ipcplayground.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One message as it travels: a fixed header, then the payload. This class is the one place
 * where the message's bytes are described.
 *
 * <pre>
 *   0                   6         8                   16        20        24
 *   +-------------------+---------+-------------------+---------+---------+------------------------+
 *   | sequence          | producer| send time (long)  | length  | CRC32C  | payload (length bytes) |
 *   | (48 bits, signed) | (16 bits| System.nanoTime() | (int)   | (int)   |                        |
 *   |                   | unsigned|                   |         |         |                        |
 *   +-------------------+---------+-------------------+---------+---------+------------------------+
 *   little-endian.
 * </pre>
 *
 * <p>The producer field says which of a run's producers ({@code --producers N}) sent a message,
 * 0 to N - 1, and a reply carries the index of the producer it answers: a consumer's transport
 * sends each reply to the producer it names ({@link #producer()}), and the consumer checks every
 * producer's own sequence. With one producer it is 0, and a message's first eight bytes read as
 * one long, its sequence, as they did before there were several.
 *
 * <p>The CRC32C covers every other byte: first the payload, then the header's first 20 bytes.
 * In that order the sender computes the payload's share once, before the clock starts, and only
 * folds in the 20 header bytes after stamping the send time (a few nanoseconds, also for a
 * megabyte payload). A flipped bit anywhere in the frame, also in the sequence or the timestamp,
 * is caught.
 *
 * <p>A frame owns one byte array, allocated once for the largest message of the run, and is
 * filled again for every message: the hot path allocates nothing. The payload is a function of
 * the sequence number (see {@link PayloadPattern}), so the receiver can check every byte without
 * keeping anything. Two sequence values are reserved: {@link #END} closes a stream, and replies
 * echo the request's sequence with the payload {@code "200 OK"}, as in the study note's
 * generator example.
 */
public final class Frame {

    public static final int HEADER_BYTES = 24;
    /**
     * The largest payload any transport is asked to carry: 1 GiB. A frame is one Java array, and
     * each child holds a few; beyond this the heaps of two JVMs would not fit a small machine.
     */
    public static final int MAX_PAYLOAD = 1 << 30;
    /**
     * The sequence number of the frame that tells the consumer no more messages follow. Its
     * 8-byte payload is the number of messages sent, so the consumer knows how many to expect
     * also when the producer ran for a time rather than a count (a soak).
     */
    public static final long END = -1L;
    public static final int END_PAYLOAD_BYTES = 8;
    /**
     * Control messages of a run whose consumer is on another host, outside the measured exchange:
     * the producer's {@code HELLO} carries the run's spec, the consumer's {@code RESULT} its
     * measurements (both JSON). Before the hello, serve sends each connection a {@code CHALLENGE}
     * (random bytes the hello must prove it knows the secret with); after it, a {@code VERDICT}
     * (empty: the run may start; else why not, in words).
     */
    public static final long HELLO = -2L, RESULT = -3L, CHALLENGE = -6L, VERDICT = -7L;
    /**
     * The end of the warm-up, agreed by both sides (see {@link dev.ipcplayground.core.rig.Warmup}).
     * {@code JIT_QUIET} asks the consumer whether its JIT compiler has gone quiet; it answers with
     * a frame of the same sequence carrying 1 (quiet) or 0 (still compiling). {@code MEASURE}
     * says "measure from message n on", n in its payload; the consumer answers 1 once it is ready.
     */
    public static final long JIT_QUIET = -4L, MEASURE = -5L;

    /** The most producers a frame can name: its producer field has 16 bits. */
    public static final int MAX_PRODUCERS = 1 << 16;

    /** Where the header keeps the payload's length (a little-endian int): a reader of raw bytes finds a frame's end here. */
    public static final int LENGTH_OFFSET = 16;
    private static final int SEQUENCE = 0, SEND_TIME = 8, LENGTH = LENGTH_OFFSET, CRC = 20;
    private static final int SEQUENCE_BITS = 48;
    private static final long SEQUENCE_MASK = (1L << SEQUENCE_BITS) - 1;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte[] OK = "200 OK".getBytes(StandardCharsets.US_ASCII);
    /** The payload length of a reply: the six bytes of "200 OK". */
    public static final int REPLY_PAYLOAD_BYTES = OK.length;
    /** The largest frame the consumer sends: a "200 OK", or its 8-byte answer to a control frame. */
    public static final int LARGEST_REPLY_FRAME = HEADER_BYTES + Math.max(REPLY_PAYLOAD_BYTES, END_PAYLOAD_BYTES);

    private final byte[] bytes;
    private final CRC32C crc = new CRC32C();
    private int producer;

    /** A frame able to hold a payload of up to {@code maxPayload} bytes. */
    public Frame(int maxPayload) {
        if (maxPayload < 0 || maxPayload > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload capacity out of range: " + maxPayload);
        }
        this.bytes = new byte[largestFrame(maxPayload)];
    }

    /** The largest frame of a run whose messages carry {@code payloadSize} bytes: the end marker may be larger. */
    public static int largestFrame(int payloadSize) {
        return HEADER_BYTES + Math.max(payloadSize, Math.max(REPLY_PAYLOAD_BYTES, END_PAYLOAD_BYTES));
    }

    // ---- writing -------------------------------------------------------------------------

    /**
     * Every frame this object is filled with from now on names producer {@code index}: the
     * producer's own messages, or the consumer's reply to that producer.
     */
    public Frame forProducer(int index) {
        if (index < 0 || index >= MAX_PRODUCERS) {
            throw new IllegalArgumentException("producer index out of range: " + index);
        }
        this.producer = index;
        return this;
    }

    private void writeSequence(long sequence) {
        LONG.set(bytes, SEQUENCE, (sequence & SEQUENCE_MASK) | ((long) producer << SEQUENCE_BITS));
    }

    /**
     * Fills this frame with message {@code sequence}: header and pattern payload. The CRC is
     * finished by {@link #stampSendTime}, which must follow before the frame is sent.
     */
    public Frame fillMessage(long sequence, int payloadLength) {
        PayloadPattern.fill(sequence, bytes, HEADER_BYTES, payloadLength);
        writeSequence(sequence);
        INT.set(bytes, LENGTH, payloadLength);
        crc.reset();
        crc.update(bytes, HEADER_BYTES, payloadLength);
        return this;
    }

    /** Stamps the send time and seals the CRC; called right before the frame goes to the transport. */
    public void stampSendTime(long nanoTime) {
        LONG.set(bytes, SEND_TIME, nanoTime);
        crc.update(bytes, 0, CRC);
        INT.set(bytes, CRC, (int) crc.getValue());
    }

    /** Fills this frame with the reply to message {@code sequence}: "200 OK", its send time echoed. */
    public Frame fillReply(long sequence, long echoedSendTime) {
        System.arraycopy(OK, 0, bytes, HEADER_BYTES, OK.length);
        writeSequence(sequence);
        INT.set(bytes, LENGTH, OK.length);
        crc.reset();
        crc.update(bytes, HEADER_BYTES, OK.length);
        stampSendTime(echoedSendTime);
        return this;
    }

    /** Fills this frame with the end-of-stream marker, carrying how many messages were sent. */
    public Frame fillEnd(long messagesSent) {
        return fillControl(END, messagesSent);
    }

    /** Fills this frame with a control message whose payload is one number: {@link #END}, {@link #MEASURE} ... */
    public Frame fillControl(long sequence, long value) {
        writeSequence(sequence);
        INT.set(bytes, LENGTH, END_PAYLOAD_BYTES);
        LONG.set(bytes, HEADER_BYTES, value);
        crc.reset();
        crc.update(bytes, HEADER_BYTES, END_PAYLOAD_BYTES);
        stampSendTime(0L);
        return this;
    }

    /** Fills this frame with a control message: {@code sequence} ({@link #HELLO}, {@link #RESULT}) and its payload. */
    public Frame fillControl(long sequence, byte[] payload) {
        System.arraycopy(payload, 0, bytes, HEADER_BYTES, payload.length);
        writeSequence(sequence);
        INT.set(bytes, LENGTH, payload.length);
        crc.reset();
        crc.update(bytes, HEADER_BYTES, payload.length);
        stampSendTime(0L);
        return this;
    }

    // ---- reading -------------------------------------------------------------------------

    /** The payload of an intact control message {@code sequence}, or an exception naming what came instead. */
    public byte[] controlPayload(long sequence) throws java.io.IOException {
        if (sequence() != sequence || !crcMatches()) {
            throw new java.io.IOException("expected control message " + sequence + ", got " + describe()
                    + (crcMatches() ? "" : " with a bad CRC"));
        }
        return Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + payloadLength());
    }

    /** The sequence number: the producer's own count, or a negative control sequence ({@link #END} ...). */
    public long sequence() { return (long) LONG.get(bytes, SEQUENCE) << (64 - SEQUENCE_BITS) >> (64 - SEQUENCE_BITS); }

    /** Which producer sent this message, or which one this reply answers: 0 to {@link #MAX_PRODUCERS} - 1. */
    public int producer() { return (int) ((long) LONG.get(bytes, SEQUENCE) >>> SEQUENCE_BITS); }

    public long sendTime() { return (long) LONG.get(bytes, SEND_TIME); }

    /** The payload length the header claims; the transport may not be trusted to have sent it. */
    public int payloadLength() { return (int) INT.get(bytes, LENGTH); }

    /**
     * The payload length the header claims, once a byte stream has delivered the header: a length
     * this frame cannot hold means the stream has lost its framing, and nothing after it can be trusted.
     *
     * @param peer who sent it, for the message: "the producer"
     */
    public int streamedPayloadLength(String peer) throws java.io.IOException {
        int length = payloadLength();
        if (length < 0 || length > capacity() - HEADER_BYTES) {
            throw new java.io.IOException("a frame from " + peer + " declares a " + length + "-byte payload, more than the "
                    + (capacity() - HEADER_BYTES) + " this run sends: the byte stream lost its framing");
        }
        return length;
    }

    public int declaredCrc() { return (int) INT.get(bytes, CRC); }

    public boolean isEnd() { return isControl(END); }

    /** True when this frame is an intact control message {@code sequence} carrying one number. */
    public boolean isControl(long sequence) {
        return sequence() == sequence && payloadLength() == END_PAYLOAD_BYTES && crcMatches();
    }

    /** The number a control message carries: for the end marker, the number of messages sent. */
    public long controlValue() { return (long) LONG.get(bytes, HEADER_BYTES); }

    /** The number of messages the producer sent, read from the end marker. */
    public long endCount() { return controlValue(); }

    /** Header plus payload, as the header declares it, in bytes. */
    public int length() { return HEADER_BYTES + payloadLength(); }

    /** The array that transports write from and read into; valid bytes are {@code [0, length())}. */
    public byte[] bytes() { return bytes; }

    /** The largest frame this object can hold, in bytes. */
    public int capacity() { return bytes.length; }

    /** True when the CRC32C matches the frame's bytes, and the declared length fits this frame. */
    public boolean crcMatches() {
        int length = payloadLength();
        if (length < 0 || length > bytes.length - HEADER_BYTES) {
            return false;
        }
        crc.reset();
        crc.update(bytes, HEADER_BYTES, length);
        crc.update(bytes, 0, CRC);
        return (int) crc.getValue() == declaredCrc();
    }

    /** True when this frame holds exactly the payload of its own sequence number, {@code length} bytes long. */
    public boolean payloadMatches(int expectedLength) {
        return payloadLength() == expectedLength
                && PayloadPattern.matches(sequence(), bytes, HEADER_BYTES, expectedLength);
    }

    /** True when this frame is an intact "200 OK" reply to message {@code sequence} of the producer this frame is for ({@link #forProducer}). */
    public boolean isReplyTo(long sequence) {
        return sequence() == sequence && producer() == producer && payloadLength() == OK.length && crcMatches()
                && Arrays.equals(bytes, HEADER_BYTES, HEADER_BYTES + OK.length, OK, 0, OK.length);
    }

    /** A short description for error messages: "sequence 17, 64-byte payload". */
    public String describe() {
        return (producer() == 0 ? "" : "producer " + producer() + ", ") + "sequence " + sequence() + ", " + payloadLength() + "-byte payload";
    }

}
