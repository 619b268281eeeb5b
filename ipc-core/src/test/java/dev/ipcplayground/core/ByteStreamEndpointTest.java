package dev.ipcplayground.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/**
 * A frame over a byte stream arrives whole and intact, and neither side ever asks the stream for
 * more than {@link ByteStreamEndpoint#MOST_PER_CALL} bytes in one call (junixsocket allocates a
 * direct buffer the size of any larger call, which made large messages quadratic).
 */
class ByteStreamEndpointTest {

    private static final int PAYLOAD = 5 * ByteStreamEndpoint.MOST_PER_CALL + 12_345;

    /** The largest request each stream saw. */
    private int largestWrite, largestRead;

    @Test
    void aLargeFrameCrossesInPiecesAndArrivesIntact() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override public void write(int b) { wire.write(b); }
            @Override public void write(byte[] b, int off, int len) {
                largestWrite = Math.max(largestWrite, len);
                wire.write(b, off, len);
            }
        };
        Frame sent = new Frame(PAYLOAD).fillMessage(0, PAYLOAD);
        sent.stampSendTime(System.nanoTime());
        new ByteStreamEndpoint(InputStream.nullInputStream(), out, "the consumer").send(sent);

        // A stream that, like a socket, returns less than asked: at most 200 KiB per read.
        InputStream in = new FilterInputStream(new ByteArrayInputStream(wire.toByteArray())) {
            @Override public int read(byte[] b, int off, int len) throws IOException {
                largestRead = Math.max(largestRead, len);
                return super.read(b, off, Math.min(len, 200 * 1024));
            }
        };
        Frame received = new Frame(PAYLOAD);
        new ByteStreamEndpoint(in, OutputStream.nullOutputStream(), "the producer").receive(received);

        assertThat(received.sequence()).isZero();
        assertThat(new Verifier(PAYLOAD).accept(received)).isTrue();
        assertThat(largestWrite).isEqualTo(ByteStreamEndpoint.MOST_PER_CALL);
        assertThat(largestRead).isEqualTo(ByteStreamEndpoint.MOST_PER_CALL);
    }
}
