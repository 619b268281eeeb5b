package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * A side's result as another process or host wrote it ({@code launcher serve} sends the consumer's
 * back over the network), against Jazzer's inputs, mutated toward code not yet reached from the
 * seeds in {@code SideResultFuzzTestInputs} (a real consumer's result): {@link SideResult#read}
 * gives a result whose every part a report reads is there, or an IOException saying why not.
 * Every build replays the inputs; {@code bench/fuzz} fuzzes. (The launcher's ResultFuzzTest goes
 * on from a result to the report in every format.)
 */
class SideResultFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @org.junit.jupiter.api.Timeout(120) // fuzzing is one invocation of maxDuration
    void anyBytesAreAWholeResultOrRefusedSayingWhy(byte[] json) {
        try {
            SideResult result = SideResult.read(json, "the consumer");
            assertThat(result.role()).isNotNull();
            assertThat(result.cost()).isNotNull();
            assertThat(result.warmup().end()).isNotNull();
            assertThat(result.messages()).isNotNegative();
            result.histogram(); // decodes, or read() had refused it
        } catch (IOException e) {
            assertThat(e.getMessage()).as("says why").isNotBlank();
        }
    }
}
