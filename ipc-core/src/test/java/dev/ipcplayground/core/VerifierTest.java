package dev.ipcplayground.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifierTest {

    private static final int SIZE = 16;

    private final Verifier verifier = new Verifier(SIZE);

    private static Frame message(long sequence) {
        Frame frame = new Frame(SIZE).fillMessage(sequence, SIZE);
        frame.stampSendTime(1000 + sequence);
        return frame;
    }

    private Verification receive(long... sequences) {
        for (long s : sequences) {
            verifier.accept(message(s));
        }
        return verifier.finish(5);
    }

    @Test
    void messagesInOrderAreClean() {
        Verification v = receive(0, 1, 2, 3, 4);

        assertThat(v.clean()).isTrue();
        assertThat(v.received()).isEqualTo(5);
        assertThat(v.problems()).isEqualTo("none");
    }

    @Test
    void aMissingMessageIsLost() {
        Verification v = receive(0, 1, 3, 4);

        assertThat(v.lost()).isEqualTo(1);
        assertThat(v.problems()).startsWith("1 lost (first: message 3: 1 message(s) missing before it");
    }

    @Test
    void messagesThatNeverCameAtTheEndAreLost() {
        Verification v = receive(0, 1, 2);

        assertThat(v.lost()).isEqualTo(2);
        assertThat(v.firstProblem()).isEqualTo("messages 3..4 never arrived");
    }

    @Test
    void aMessageTwiceIsDuplicated() {
        Verification v = receive(0, 1, 1, 2, 3, 4);

        assertThat(v.duplicated()).isEqualTo(1);
        assertThat(v.lost()).isZero();
        assertThat(v.firstProblem()).isEqualTo("message 1: seen before");
    }

    @Test
    void aLateMessageIsReorderedNotLost() {
        Verification v = receive(0, 2, 1, 3, 4);

        assertThat(v.reordered()).isEqualTo(1);
        assertThat(v.lost()).isZero();
        assertThat(v.clean()).isFalse();
    }

    @Test
    void aPayloadOfTheWrongLengthIsCorrupt() {
        Frame shorter = new Frame(SIZE).fillMessage(0, SIZE - 1);
        shorter.stampSendTime(1);

        assertThat(verifier.accept(shorter)).isFalse();
        assertThat(verifier.finish(0).corrupt()).isEqualTo(1);
    }

    /** Every byte of the frame is covered: header fields, CRC and payload alike. */
    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {0, 3, 7, 8, 12, 15, 16, 19, 20, 23, 24, 30, 39})
    void aFlippedBitAnywhereInTheFrameIsCaught(int index) {
        Frame frame = message(0);
        frame.bytes()[index] ^= 0x10;

        assertThat(verifier.accept(frame)).isFalse();
        Verification v = verifier.finish(1);
        assertThat(v.clean()).isFalse();
        assertThat(v.corrupt() + v.lost()).isPositive();
    }

    @Test
    void aFrameWithTheRightCrcButTheWrongPatternIsCorrupt() {
        // A sender that fills the wrong bytes but computes their CRC honestly: only the pattern check sees it.
        Frame frame = new Frame(SIZE).fillMessage(0, SIZE);
        frame.bytes()[Frame.HEADER_BYTES] = 42;
        Frame resealed = new Frame(SIZE);
        System.arraycopy(frame.bytes(), 0, resealed.bytes(), 0, frame.length());
        // recompute the CRC over the altered bytes the way a sender would
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        resealed.bytes()[8] = 1; // send time 1
        crc.update(resealed.bytes(), Frame.HEADER_BYTES, SIZE);
        crc.update(resealed.bytes(), 0, 20);
        int value = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            resealed.bytes()[20 + i] = (byte) (value >>> (8 * i));
        }
        assertThat(resealed.crcMatches()).isTrue();

        assertThat(verifier.accept(resealed)).isFalse();
        assertThat(verifier.finish(1).firstProblem()).contains("differ from the sequence's pattern");
    }
}
