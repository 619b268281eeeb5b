package dev.ipcplayground.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameTest {

    @Test
    void aFilledAndStampedMessageCarriesItsHeaderAndPassesItsOwnChecks() {
        Frame frame = new Frame(100).fillMessage(300, 100);
        frame.stampSendTime(123_456_789L);

        assertThat(frame.sequence()).isEqualTo(300);
        assertThat(frame.sendTime()).isEqualTo(123_456_789L);
        assertThat(frame.payloadLength()).isEqualTo(100);
        assertThat(frame.length()).isEqualTo(Frame.HEADER_BYTES + 100);
        assertThat(frame.crcMatches()).isTrue();
        assertThat(frame.payloadMatches(100)).isTrue();
        assertThat(frame.isEnd()).isFalse();
    }

    @Test
    void thePayloadIsTheRampStartingAtTheSequenceNumber() {
        Frame frame = new Frame(4).fillMessage(0x1FE, 4);

        assertThat(new byte[] {frame.bytes()[24], frame.bytes()[25], frame.bytes()[26], frame.bytes()[27]})
                .containsExactly((byte) 0xFE, (byte) 0xFF, 0x00, 0x01);
    }

    @Test
    void aReplyIs200OkForExactlyOneSequence() {
        Frame reply = new Frame(0).fillReply(41, 999);

        assertThat(reply.isReplyTo(41)).isTrue();
        assertThat(reply.isReplyTo(42)).isFalse();
        assertThat(new String(reply.bytes(), Frame.HEADER_BYTES, 6)).isEqualTo("200 OK");
        assertThat(reply.sendTime()).isEqualTo(999);
    }

    @Test
    void aDamagedReplyIsNotAReply() {
        Frame reply = new Frame(0).fillReply(41, 999);
        reply.bytes()[Frame.HEADER_BYTES + 1] ^= 1;

        assertThat(reply.isReplyTo(41)).isFalse();
    }

    @Test
    void theEndMarkerIsRecognisedAndNothingElseIs() {
        Frame end = new Frame(0).fillEnd(42);
        assertThat(end.isEnd()).isTrue();
        assertThat(end.endCount()).isEqualTo(42);
        end.bytes()[Frame.HEADER_BYTES] ^= 1;
        assertThat(end.isEnd()).as("a damaged end marker is no end marker").isFalse();
        Frame message = new Frame(8).fillMessage(7, 0);
        message.stampSendTime(5);
        assertThat(message.isEnd()).isFalse();
    }

    @Test
    void anEmptyPayloadIsAValidMessage() {
        Frame frame = new Frame(0).fillMessage(5, 0);
        frame.stampSendTime(1);

        assertThat(frame.crcMatches()).isTrue();
        assertThat(frame.payloadMatches(0)).isTrue();
    }

    @org.junit.jupiter.api.Test
    void aControlFrameCarriesOneNumberAndIsRecognisedOnlyWhenIntact() {
        Frame measure = new Frame(Frame.REPLY_PAYLOAD_BYTES).fillControl(Frame.MEASURE, 123_456);
        assertThat(measure.length()).isEqualTo(Frame.LARGEST_REPLY_FRAME);
        assertThat(measure.isControl(Frame.MEASURE)).isTrue();
        assertThat(measure.isControl(Frame.JIT_QUIET)).isFalse();
        assertThat(measure.controlValue()).isEqualTo(123_456);
        measure.bytes()[Frame.HEADER_BYTES] ^= 1;
        assertThat(measure.isControl(Frame.MEASURE)).as("a flipped bit").isFalse();
    }
}
