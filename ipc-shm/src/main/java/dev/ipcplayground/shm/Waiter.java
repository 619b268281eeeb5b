package dev.ipcplayground.shm;

import dev.ipcplayground.core.PeerProcess;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One side's way of waiting for its peer when a ring gives it nothing to do (no record to read,
 * no room to write), and of waking the peer after it made progress: {@code --wait spin}, and the
 * sleeping half of {@code --wait hybrid} and of the fast rings' {@code --wait block}.
 *
 * <p>A side sleeps on its own semaphore and announces it in its own "parked" word in the ring's
 * header ({@link RingLayout}); the peer, having published, looks at that word and posts the
 * semaphore only if it is set. This is a handshake in the manner of Dekker's algorithm: the
 * sleeper stores "parked", then looks at the ring once more; the peer stores its progress, then
 * looks at "parked". With a full fence between each side's store and its load, at least one of
 * them sees the other's store, so either the sleeper finds the progress itself or the peer posts
 * the semaphore: no wake-up is lost. The semaphores here carry wake-ups only; they count nothing.
 */
final class Waiter {

    /** How long a hybrid waiter polls before it sleeps: about the cost of one wake-up on a VM. */
    static final long HYBRID_SPIN_NANOS = 50_000;

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    /** The thing waited for, tried: true when it has happened (a record read, room found). */
    interface Progress {
        boolean tried() throws IOException;
    }

    private final WaitStrategy wait;
    /** This side's "parked" word, and the peer's (or the peers'): each a 4-byte slice of the shared file. */
    private final MemorySegment parked, peerParked;
    private final NamedSemaphore sleepOn, wakePeerWith;
    private final PeerProcess peer;
    private final String waitingFor;
    /** How often this side slept, and how often it posted the peer's semaphore: for the report. */
    private long sleeps, wakeUps;

    /**
     * @param parked the word where this side says it sleeps; the peer says so in {@code peerParked}
     * @param sleepOn the semaphore this side sleeps on (null with SPIN); the peer posts it
     * @param wakePeerWith the semaphore the peer sleeps on (null with SPIN)
     * @param waitingFor what this side waits for, for the message when the peer is gone: "a message"
     */
    Waiter(WaitStrategy wait, MemorySegment parked, NamedSemaphore sleepOn, MemorySegment peerParked,
           NamedSemaphore wakePeerWith, PeerProcess peer, String waitingFor) {
        if (wait != WaitStrategy.SPIN && (sleepOn == null || wakePeerWith == null)) {
            throw new IllegalArgumentException("--wait " + dev.ipcplayground.core.TransportOption.key(wait) + " needs its semaphores");
        }
        this.wait = wait;
        this.parked = parked;
        this.peerParked = peerParked;
        this.sleepOn = sleepOn;
        this.wakePeerWith = wakePeerWith;
        this.peer = peer;
        this.waitingFor = waitingFor;
    }

    /**
     * One side's waiter of one ring: the writer sleeps on {@code free} and wakes the reader with
     * {@code filled}, the reader the other way round; each announces its sleep in its own word of
     * the ring's header ({@link RingLayout}).
     */
    static Waiter of(WaitStrategy wait, MemorySegment ring, NamedSemaphore filled, NamedSemaphore free, PeerProcess peer,
                     boolean writer) {
        return writer
                ? writer(wait, ring, free, ring, filled, peer)
                : new Waiter(wait, word(ring, RingLayout.READER_PARKED_OFFSET), filled, word(ring, RingLayout.WRITER_PARKED_OFFSET),
                        free, peer, "a message");
    }

    /**
     * The writer's waiter of {@code ring} whose reader sleeps elsewhere: in {@code readerRing}'s word,
     * on {@code readerFilled}. With a ring per producer the consumer sleeps once for all of them, in
     * the first request ring's word; every producer's writer wakes it there.
     */
    static Waiter writer(WaitStrategy wait, MemorySegment ring, NamedSemaphore free, MemorySegment readerRing,
                         NamedSemaphore readerFilled, PeerProcess peer) {
        return new Waiter(wait, word(ring, RingLayout.WRITER_PARKED_OFFSET), free,
                word(readerRing, RingLayout.READER_PARKED_OFFSET), readerFilled, peer, "room in the ring");
    }

    private static MemorySegment word(MemorySegment ring, long offset) {
        return ring.asSlice(offset, Integer.BYTES);
    }

    /** Tries {@code progress} until it succeeds: polling, polling then sleeping, or sleeping at once. */
    void await(Progress progress) throws IOException {
        if (progress.tried()) {
            return;
        }
        switch (wait) {
            case SPIN -> {
                while (!progress.tried()) {
                    idle();
                }
            }
            case HYBRID -> {
                long spinUntil = System.nanoTime() + HYBRID_SPIN_NANOS;
                int turns = 0;
                while (!progress.tried()) {
                    idle();
                    if ((++turns & 0x3F) == 0 && System.nanoTime() - spinUntil > 0) {
                        park(progress);
                        return;
                    }
                }
            }
            case BLOCK -> park(progress);
        }
    }

    /** After this side published: post the peer's semaphore if (and only if) the peer said it sleeps. */
    void wakePeer() throws IOException {
        if (wait == WaitStrategy.SPIN) {
            return;
        }
        VarHandle.fullFence();
        for (int sleepers = (int) INT.getVolatile(peerParked, 0L); sleepers > 0; sleepers--) {
            wakeUps++;
            wakePeerWith.post();
        }
    }

    long sleeps() {
        return sleeps;
    }

    long wakeUps() {
        return wakeUps;
    }

    /** One polite turn of a busy loop (x86 PAUSE), and a look at the watchdog's flag. */
    private void idle() throws IOException {
        Thread.onSpinWait();
        if (peer.gone()) {
            peer.checkAlive(waitingFor);
        }
    }

    private void park(Progress progress) throws IOException {
        INT.getAndAdd(parked, 0L, 1); // a locked add: a full fence, so the look below comes after it
        try {
            while (!progress.tried()) {
                sleeps++;
                sleepOn.acquire();
                // If the peer dies, its watchdog posts our semaphore to wake us: look whether that is why.
                if (peer.gone()) {
                    peer.checkAlive(waitingFor);
                }
            }
        } finally {
            INT.getAndAdd(parked, 0L, -1);
        }
    }
}
