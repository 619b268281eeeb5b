package dev.ipcplayground.shm;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The consumer's reader of many producers, each writing a ring of its own ({@code --ring fast
 * --producers N}): every ring keeps one writer and one reader, so nothing is contended, and the
 * consumer polls the rings in turn. This is how Aeron's subscriber reads its images and how a
 * kernel's network stack polls its queues: a loop over single-writer queues, no lock anywhere.
 *
 * <p>The consumer takes up to {@value #TURN} records from a ring before it moves on, so a busy
 * producer cannot starve the others, and a ring's records are read while its lines are warm.
 * When a whole round finds nothing it sleeps once, for all rings, with {@code waiter}: it says
 * so in the first request ring's "parked" word, which every producer's writer looks at after
 * publishing ({@link Waiter#writer}). One semaphore wakes it, whichever producer posts it.
 */
final class RingPerProducer implements MessageRing {

    /** Records taken from one ring before the next ring's turn. */
    static final int TURN = 8;

    private final MessageRing[] rings;
    private final Waiter waiter;
    private final Waiter.Progress recordFound = this::recordFound;

    /** The ring whose turn it is, and how many records it has given in this turn. */
    private int current, taken;
    private byte[] dst;
    private int length;
    /** For the report: records read, turns that found at least one, polls that found none. */
    private long records, turns, emptyPolls;

    /** @param waiter the consumer's sleep for all rings: the first request ring's reader waiter */
    RingPerProducer(MessageRing[] rings, Waiter waiter) {
        this.rings = rings;
        this.waiter = waiter;
    }

    @Override
    public int poll(byte[] dst) throws IOException {
        this.dst = dst;
        waiter.await(recordFound);
        return length;
    }

    @Override
    public int tryPoll(byte[] dst) throws IOException {
        this.dst = dst;
        return recordFound() ? length : -1;
    }

    /** One round at most: from the current ring on, the first record found; false when every ring is empty. */
    private boolean recordFound() throws IOException {
        for (int looked = 0; looked < rings.length; looked++) {
            int got = rings[current].tryPoll(dst);
            if (got >= 0) {
                length = got;
                records++;
                if (taken++ == 0) {
                    turns++;
                }
                if (taken == TURN) {
                    next();
                }
                return true;
            }
            emptyPolls++;
            next();
        }
        return false;
    }

    private void next() {
        current = current + 1 == rings.length ? 0 : current + 1;
        taken = 0;
    }

    @Override
    public void offer(byte[] src, int length) {
        throw new UnsupportedOperationException("the consumer reads the producers' rings; each producer writes its own");
    }

    @Override
    public boolean tryOffer(byte[] src, int length) {
        throw new UnsupportedOperationException("the consumer reads the producers' rings; each producer writes its own");
    }

    /** What the polling found: records per turn at a ring, polls of an empty ring per record, records per sleep. */
    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        if (records == 0) {
            return facts;
        }
        facts.put("records per ring's turn", FastRing.perEach(records, turns));
        facts.put("empty polls per record", FastRing.perEach(emptyPolls, records));
        if (waiter.sleeps() > 0) {
            facts.put("records per sleep", FastRing.perEach(records, waiter.sleeps()));
        }
        return facts;
    }
}
