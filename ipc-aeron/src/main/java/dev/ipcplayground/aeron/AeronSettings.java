package dev.ipcplayground.aeron;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.Quantities;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.TransportOption;
import io.aeron.driver.Configuration;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.LogBufferDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

/**
 * The aeron transport's settings of one run, and the limits they imply.
 *
 * @param idle how a side waits for its peer (--wait)
 * @param publish how the producer puts a message into the log buffer (--publish)
 * @param termLength the requests' term length in bytes (--term-length)
 */
record AeronSettings(Idle idle, Publish publish, int termLength) {

    /** The driver's directory, inside the run directory: the launcher removes it with the run. */
    static final String DIRECTORY = "aeron";
    /** One stream each way on the same {@code aeron:ipc} channel. */
    static final int REQUESTS = 1001, REPLIES = 1002;
    /**
     * The replies' term: 1 MiB. They are "200 OK"s of 30 bytes, but a writer may run only half a
     * term ahead of its reader, and that limit moves when the driver wakes (every millisecond):
     * with the smallest term (64 KiB, 512 replies ahead) a ping-pong of 100k round trips a second
     * waited for it about once in a hundred.
     */
    static final int REPLY_TERM_LENGTH = 1 << 20;

    static final TransportOption WAIT = TransportOption.choice("wait",
            "how a side waits for its peer, as Agrona's idle strategies: poll without pause (spin), spin, yield, "
                    + "then park for growing times (hybrid, Aeron's default), or park 1 us each time (block)",
            Idle.HYBRID);
    static final TransportOption PUBLISH = TransportOption.choice("publish",
            "how the producer writes a message into the log buffer: offer (Aeron copies it in, fragmenting "
                    + "what exceeds the MTU) or claim (tryClaim: room claimed in the term, the frame written "
                    + "there, then committed; messages up to the MTU)", Publish.OFFER);
    static final TransportOption TERM_LENGTH = new TransportOption("term-length", "BYTES",
            "bytes in each of the requests' three terms, a power of two from 64k to 1g; the largest message "
                    + "is an eighth of it, at most 16m (Aeron's limits)",
            () -> Integer.toString(Configuration.TERM_BUFFER_IPC_LENGTH_DEFAULT), AeronSettings::termLength);

    /** This run's settings, checked (or their defaults, where not given). */
    static AeronSettings of(RunSpec spec) {
        return new AeronSettings(TransportOption.constant(Idle.class, WAIT.valueIn(spec)),
                TransportOption.constant(Publish.class, PUBLISH.valueIn(spec)), Integer.parseInt(TERM_LENGTH.valueIn(spec)));
    }

    private static String termLength(String given) {
        return Quantities.powerOfTwoBytes("term-length", given, LogBufferDescriptor.TERM_MIN_LENGTH,
                LogBufferDescriptor.TERM_MAX_LENGTH);
    }

    /** The channel of the requests: IPC, with this run's term length. */
    String requestChannel() {
        return "aeron:ipc?term-length=" + termLength;
    }

    static String replyChannel() {
        return "aeron:ipc?term-length=" + REPLY_TERM_LENGTH;
    }

    /** The largest frame one message carries: an eighth of the term (Aeron's rule), or one MTU's payload to claim. */
    int maxFrameBytes() {
        return publish == Publish.CLAIM
                ? Configuration.IPC_MTU_LENGTH_DEFAULT - DataHeaderFlyweight.HEADER_LENGTH
                : FrameDescriptor.computeMaxMessageLength(termLength);
    }

    long maxPayload() {
        return Math.min(maxFrameBytes() - Frame.HEADER_BYTES, Frame.MAX_PAYLOAD);
    }

    String limitReason() {
        return publish == Publish.CLAIM
                ? " (tryClaim writes one fragment: the " + Configuration.IPC_MTU_LENGTH_DEFAULT + "-byte MTU less Aeron's "
                        + DataHeaderFlyweight.HEADER_LENGTH + "-byte header and our " + Frame.HEADER_BYTES + "; --publish offer "
                        + "fragments larger messages)"
                : " (Aeron's largest message is an eighth of the term, at most 16 MiB: --term-length " + termLength
                        + " gives " + maxFrameBytes() + ", less our " + Frame.HEADER_BYTES + "-byte header)";
    }

    /** How a side waits when the log has nothing for it (or no room): Agrona's idle strategies. */
    enum Idle {
        /** {@link BusySpinIdleStrategy}: {@code Thread.onSpinWait()} in a loop. Lowest latency, a whole core. */
        SPIN,
        /** {@link BackoffIdleStrategy}: 10 spins, 5 yields, then parks from 1 us doubling to 1 ms. */
        HYBRID,
        /** {@link SleepingIdleStrategy}: parks 1 us each time (on Linux, the timer slack makes it ~50 us). */
        BLOCK;

        IdleStrategy strategy() {
            return switch (this) {
                case SPIN -> new BusySpinIdleStrategy();
                case HYBRID -> new BackoffIdleStrategy();
                case BLOCK -> new SleepingIdleStrategy();
            };
        }
    }

    /** How the producer puts a frame into the publication's term. */
    enum Publish {
        /** {@code offer}: Aeron copies the buffer into the term, fragmenting above the MTU. */
        OFFER,
        /** {@code tryClaim}: room for one fragment claimed in the term, written there, then committed. */
        CLAIM
    }
}
