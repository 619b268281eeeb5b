package dev.ipcplayground.inproc;

import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.RunSpec;

/** What the three in-process transports share: both sides' buffers live in one heap. */
abstract class OneJvm implements InProcessTransport {

    /** 1 MiB: both sides' frames and the thread transports' preallocated slots share one heap. */
    static final long MAX_PAYLOAD = 1L << 20;

    @Override
    public long maxPayload(RunSpec spec) {
        return MAX_PAYLOAD;
    }

    @Override
    public String limitReason(RunSpec spec) {
        return " (both sides share one heap; the thread transports preallocate up to " + ThreadPair.SLOTS
                + " slots per direction, " + (ThreadPair.SLOT_BYTES >> 20) + " MiB of requests at most)";
    }
}
