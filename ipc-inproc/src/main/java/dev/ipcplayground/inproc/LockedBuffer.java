package dev.ipcplayground.inproc;

import dev.ipcplayground.core.Frame;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The classic bounded buffer between threads: a lock, and two conditions to wait on, "not full"
 * and "not empty". The textbook producer-consumer, as the study note describes it.
 *
 * <p>Frames are copied into preallocated slots, as a pipe copies into its kernel buffer, so the
 * two sides never share a frame object. A thread that must wait parks on a condition: for a
 * platform thread that is a {@code futex} sleep in the kernel, a context switch; for a virtual
 * thread it is an unmount from its carrier, in user space. Each wait allocates a small queue node
 * inside {@link java.util.concurrent.locks.AbstractQueuedSynchronizer}: the heap-bytes column shows it.
 */
final class LockedBuffer {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final byte[][] slots;
    private final int[] lengths;
    private int head, count;

    LockedBuffer(int capacity, int frameBytes) {
        slots = new byte[capacity][frameBytes];
        lengths = new int[capacity];
    }

    void put(Frame frame) throws InterruptedIOException {
        lock.lock();
        try {
            while (count == slots.length) {
                notFull.await();
            }
            int tail = (head + count) % slots.length;
            System.arraycopy(frame.bytes(), 0, slots[tail], 0, frame.length());
            lengths[tail] = frame.length();
            count++;
            notEmpty.signal();
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            lock.unlock();
        }
    }

    void take(Frame frame) throws InterruptedIOException {
        lock.lock();
        try {
            while (count == 0) {
                notEmpty.await();
            }
            System.arraycopy(slots[head], 0, frame.bytes(), 0, lengths[head]);
            head = (head + 1) % slots.length;
            count--;
            notFull.signal();
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            lock.unlock();
        }
    }

    private static InterruptedIOException interrupted() {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("stopped while waiting: the other side failed");
    }
}
