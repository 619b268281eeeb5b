package dev.ipcplayground.shm;

import java.io.IOException;
import java.util.Map;

/**
 * One direction of the shared file, as one side uses it: the writer offers records, the reader
 * polls them. Three rings implement it ({@code --ring}): {@link TextbookRing}, {@link FastRing}
 * and {@link AgronaRing}, over the same mapped file and with the same ways of waiting.
 */
interface MessageRing {

    /** Appends one record holding {@code src[0, length)}, waiting for room if the ring is full. */
    void offer(byte[] src, int length) throws IOException;

    /**
     * Takes the next record into {@code dst}, waiting for one if the ring is empty.
     *
     * @return the record's length
     * @throws IOException when the record cannot be one the writer wrote (too long for {@code dst})
     */
    int poll(byte[] dst) throws IOException;

    /**
     * Offers without waiting: false, and nothing written, when the ring has no room now. For a
     * benchmark whose threads must be able to stop at any moment; the spinning wait is a loop of it.
     */
    boolean tryOffer(byte[] src, int length) throws IOException;

    /** Polls without waiting: the record's length, or -1 when there is none now. */
    int tryPoll(byte[] dst) throws IOException;

    /**
     * What this side's half of the ring did over the whole run (warm-up included), for the
     * report's {@code learnt} line: how many records each batch or wake-up carried. Empty when
     * there is nothing to say.
     */
    default Map<String, String> facts() {
        return Map.of();
    }
}
