package dev.ipcplayground.inproc;

import dev.ipcplayground.core.Frame;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The classic bounded buffer between threads: a lock, and two conditions to wait on, "not full"
 * and "not empty". The textbook producer-consumer, as the study note describes it.
 *
 * <p>Frames are copied into preallocated slots, as a pipe copies into its kernel buffer, so the
 * two sides never share a frame object. A thread that must wait parks: for a platform thread that
 * is a {@code futex} sleep in the kernel, a context switch; for a virtual thread it is an unmount
 * from its carrier, in user space.
 *
 * <p>The lock is the buffer's monitor ({@code synchronized}) and the two conditions are
 * {@link Waiters}: the protocol of the JDK's {@code Condition} (a waiter queues itself holding the
 * lock, lets go of it and parks; a signal unparks the longest waiter, and an unpark that comes
 * before the park is not lost), with the queue of waiting threads preallocated. The JDK's
 * {@code ReentrantLock} and {@code Condition} make a queue node for every wait and for every
 * contended acquire, 25 to 32 bytes a message here, and the run's heap-bytes column showed the
 * lock's garbage instead of the handoff's cost; a monitor and these queues allocate nothing.
 */
final class LockedBuffer {

    /**
     * A condition's queue: the threads waiting on it, in a ring of fixed size, guarded by the
     * buffer's monitor. At most {@code capacity} threads wait at once: the buffer's writers (or
     * its one reader).
     */
    static final class Waiters {
        private final Thread[] queue;
        private int first, size;

        Waiters(int capacity) {
            queue = new Thread[capacity];
        }

        /** Holding the monitor: {@code thread} will park, and waits to be signalled. */
        void enqueue(Thread thread) {
            if (size == queue.length) {
                throw new IllegalStateException("more than " + queue.length + " threads wait on one condition");
            }
            queue[(first + size++) % queue.length] = thread;
        }

        /**
         * Holding the monitor: takes the thread that has waited longest off the queue, or null if
         * none waits. The caller unparks it once it has left the monitor, as a {@code Condition}'s
         * signal takes effect at the unlock: woken inside, it would find the monitor still held,
         * and sleep once more on the monitor itself (a second wake-up per message, ten times the
         * round trip on a VM where each crosses to another vCPU).
         */
        Thread signalled() {
            if (size == 0) {
                return null;
            }
            Thread waiter = queue[first];
            queue[first] = null;
            first = (first + 1) % queue.length;
            size--;
            return waiter;
        }

        /** Holding the monitor: {@code thread} woke without a signal (spuriously, or interrupted), so none may go to it. */
        void remove(Thread thread) {
            for (int i = 0; i < size; i++) {
                if (queue[(first + i) % queue.length] == thread) {
                    for (int j = i; j < size - 1; j++) { // close the gap, keeping the order
                        queue[(first + j) % queue.length] = queue[(first + j + 1) % queue.length];
                    }
                    queue[(first + size - 1) % queue.length] = null;
                    size--;
                    return;
                }
            }
        }
    }

    private final Waiters notFull, notEmpty;
    private final byte[][] slots;
    private final int[] lengths;
    private int head, count;

    /** @param writers how many threads put into this buffer (one reader takes): so many may wait for room at once */
    LockedBuffer(int capacity, int frameBytes, int writers) {
        slots = new byte[capacity][frameBytes];
        lengths = new int[capacity];
        notFull = new Waiters(writers);
        notEmpty = new Waiters(1);
    }

    void put(Frame frame) throws InterruptedIOException {
        Thread self = Thread.currentThread(), reader;
        while (true) {
            synchronized (this) {
                notFull.remove(self); // queued before, and woken without a signal: queued anew below if need be
                if (count < slots.length) {
                    int tail = (head + count) % slots.length;
                    System.arraycopy(frame.bytes(), 0, slots[tail], 0, frame.length());
                    lengths[tail] = frame.length();
                    count++;
                    reader = notEmpty.signalled();
                    break;
                }
                notFull.enqueue(self);
            }
            park(notFull);
        }
        LockSupport.unpark(reader); // outside the monitor (null: nobody waited)
    }

    void take(Frame frame) throws InterruptedIOException {
        Thread self = Thread.currentThread(), writer;
        while (true) {
            synchronized (this) {
                notEmpty.remove(self);
                if (count > 0) {
                    System.arraycopy(slots[head], 0, frame.bytes(), 0, lengths[head]);
                    head = (head + 1) % slots.length;
                    count--;
                    writer = notFull.signalled();
                    break;
                }
                notEmpty.enqueue(self);
            }
            park(notEmpty);
        }
        LockSupport.unpark(writer);
    }

    /** Outside the monitor: sleeps until signalled; an interrupt (the other side failed) ends the wait, and the run. */
    private void park(Waiters condition) throws InterruptedIOException {
        LockSupport.park(this);
        if (Thread.interrupted()) {
            synchronized (this) {
                condition.remove(Thread.currentThread());
            }
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopped while waiting: the other side failed");
        }
    }
}
