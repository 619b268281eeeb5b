package dev.ipcplayground.aeron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each setting allows: the largest message by offer (an eighth of the term) and by claim (one fragment). */
class AeronSettingsTest {

    private final AeronTransport aeron = new AeronTransport();

    private RunSpec checked(Map<String, String> settings) {
        return aeron.check(new RunSpec("aeron", Mode.PINGPONG, 64, 1000, 100, Duration.ofSeconds(10), Duration.ZERO, Pin.NONE,
                settings));
    }

    @Test
    void byOfferTheLargestMessageIsAnEighthOfTheTermAtMost16MiB() {
        assertThat(aeron.maxPayload(checked(Map.of()))).isEqualTo((64L << 20) / 8 - 24);
        assertThat(aeron.maxPayload(checked(Map.of("term-length", "64k")))).isEqualTo(8192 - 24);
        assertThat(aeron.maxPayload(checked(Map.of("term-length", "1g")))).isEqualTo((16L << 20) - 24);
    }

    @Test
    void byClaimTheLargestMessageIsOneFragment() {
        RunSpec spec = checked(Map.of("publish", "claim"));
        assertThat(aeron.maxPayload(spec)).isEqualTo(1408 - 32 - 24);
        assertThat(aeron.limitReason(spec)).contains("1408-byte MTU");
    }

    @Test
    void aTermLengthOutsideAeronsRangeIsRefusedWithTheRange() {
        for (String bad : new String[] {"32k", "2g", "100k", "lots"}) {
            assertThatThrownBy(() -> checked(Map.of("term-length", bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--term-length must be a");
        }
    }

    @Test
    void theStreamsUseTheirOwnTerms() {
        AeronSettings settings = AeronSettings.of(checked(Map.of("term-length", "1m")));
        assertThat(settings.requestChannel()).isEqualTo("aeron:ipc?term-length=1048576");
        assertThat(AeronSettings.replyChannel()).isEqualTo("aeron:ipc?term-length=1048576");
    }
}
