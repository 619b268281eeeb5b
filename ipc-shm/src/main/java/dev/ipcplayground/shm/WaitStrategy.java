package dev.ipcplayground.shm;


/** How a side waits when its ring is empty (reader) or full (writer). */
enum WaitStrategy {
    /**
     * Sleep on a POSIX semaphore. With the textbook ring, the textbook bounded buffer: one
     * semaphore counts the records waiting to be read, one the free record slots. With the fast
     * and Agrona rings, a side that finds nothing to do announces it and sleeps at once, and the
     * semaphores carry only wake-ups ({@link Waiter}). Waiting costs no CPU; waking costs a
     * {@code futex} system call on each side and the scheduler's wake-up latency.
     */
    BLOCK,
    /**
     * Poll the peer's counter (the fast ring: the next record's header word) in a loop with
     * {@link Thread#onSpinWait()} (x86 {@code PAUSE}). No system call and no sleep on the fast
     * path: the lowest latency, for a whole core per waiting side.
     */
    SPIN,
    /**
     * Poll for a bounded time, then announce "I sleep" in the ring header and sleep on a semaphore.
     * The peer makes the {@code sem_post} system call only when it sees that announcement.
     */
    HYBRID;
}
