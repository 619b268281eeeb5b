package dev.ipcplayground.inproc.costs;

import dev.ipcplayground.core.os.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One side's end of a token passed back and forth, lmbench's {@code lat_ctx} baton: {@link #await}
 * returns when the token is here, {@link #pass} sends it to the other side, {@link #stop} tells
 * the other side that the passing is over. The same two mechanisms serve two processes and two
 * threads, so that a comparison of the two is like with like: only the address space differs.
 */
sealed interface Token {

    /** Blocks until the token is here (true), or the other side has stopped (false). */
    boolean await();

    /** Hands the token to the other side. */
    void pass();

    /** Tells the other side to stop waiting: its {@link #await} returns false. */
    void stop();

    /**
     * Over two pipes: {@code write} one byte into the peer's, {@code read} one from ours, sleeping
     * in the kernel until it comes. The byte is 1 for the token, 0 for stop.
     */
    record Pipe(int in, int out, MemorySegment oneByte) implements Token {
        Pipe(int in, int out) {
            this(in, out, Arena.ofAuto().allocate(1));
        }

        @Override
        public boolean await() {
            if (Libc.read(in, oneByte, 1) != 1) {
                throw new IllegalStateException("the token's pipe closed: " + Libc.strerror(Libc.errno()));
            }
            return oneByte.get(ValueLayout.JAVA_BYTE, 0) == 1;
        }

        @Override
        public void pass() {
            send((byte) 1);
        }

        @Override
        public void stop() {
            send((byte) 0);
        }

        private void send(byte what) {
            oneByte.set(ValueLayout.JAVA_BYTE, 0, what);
            if (Libc.write(out, oneByte, 1) != 1) {
                throw new IllegalStateException("the token's pipe closed: " + Libc.strerror(Libc.errno()));
            }
        }
    }

    /**
     * Over one futex word that says whose turn it is (0 or 1, or {@link #STOP}): {@code pass}
     * stores the peer's number and wakes it; {@code await} sleeps while the word names the peer.
     */
    record OnFutex(MemorySegment word, int me, int peer) implements Token {
        static final int STOP = 2;
        private static final VarHandle TURN = ValueLayout.JAVA_INT.varHandle();

        @Override
        public boolean await() {
            int turn;
            while ((turn = (int) TURN.getAcquire(word, 0L)) != me && turn != STOP) {
                Futex.await(word, turn); // sleeps only if the word still holds what we just read
            }
            return turn == me;
        }

        @Override
        public void pass() {
            TURN.setRelease(word, 0L, peer);
            Futex.wake(word);
        }

        @Override
        public void stop() {
            TURN.setRelease(word, 0L, STOP);
            Futex.wake(word);
        }
    }
}
