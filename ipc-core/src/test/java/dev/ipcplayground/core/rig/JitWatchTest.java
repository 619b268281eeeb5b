package dev.ipcplayground.core.rig;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Quiet means: nothing compiled for the whole window, and nothing being compiled now. */
class JitWatchTest {

    private static final long MS = 1_000_000;

    /** A compiler whose state the test sets. */
    static class FakeCompiler implements JitWatch.Compiler {
        long millis;
        boolean idle = true;

        @Override
        public long totalMillis() {
            return millis;
        }

        @Override
        public boolean idle() {
            return idle;
        }
    }

    private final FakeCompiler compiler = new FakeCompiler();
    private final JitWatch watch = new JitWatch(compiler);

    @Test
    void aCompilerIsQuietOnlyAfterAWholeWindowWithoutACompilation() {
        watch.sample(0);
        compiler.millis = 12;
        assertThat(watch.quiet(100 * MS, 150 * MS)).as("it compiled 0 ms ago").isFalse();
        assertThat(watch.quiet(200 * MS, 150 * MS)).as("100 ms without").isFalse();
        assertThat(watch.quiet(250 * MS, 150 * MS)).as("150 ms without").isTrue();
    }

    @Test
    void aCompilationInTheWindowStartsItAgain() {
        watch.sample(0);
        assertThat(watch.quiet(200 * MS, 150 * MS)).isTrue();
        compiler.millis = 3;
        assertThat(watch.quiet(300 * MS, 150 * MS)).isFalse();
        assertThat(watch.quiet(450 * MS, 150 * MS)).isTrue();
    }

    @Test
    void aMethodBeingCompiledOrQueuedIsNotQuiet() {
        watch.sample(0);
        compiler.idle = false;
        assertThat(watch.quiet(10_000 * MS, 150 * MS)).isFalse();
        compiler.idle = true;
        assertThat(watch.quiet(10_001 * MS, 150 * MS)).isTrue();
    }

    @Test
    void thisJvmsCompilerAnswers() {
        JitWatch.Compiler hotSpot = JitWatch.hotSpot();
        assertThat(hotSpot.totalMillis()).isNotNegative();
        hotSpot.idle(); // asks Compiler.queue; must not throw
    }
}
