package dev.ipcplayground.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every JMH benchmark of the hot paths, briefly, with the allocation profiler: each must allocate
 * nothing per operation once compiled. This weighs, it does not time: no figure of speed is checked.
 */
class NoGarbageIT {

    @Test
    void theHotPathsAllocateNothingPerMessage() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("dev\\.ipcplayground\\..*Bench")
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(500))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .build()).run();

        assertThat(results).hasSizeGreaterThanOrEqualTo(6); // 3 benchmarks x 2 sizes
        for (RunResult r : results) {
            double bytesPerOp = r.getSecondaryResults().get("gc.alloc.rate.norm").getScore();
            assertThat(bytesPerOp).as(r.getParams().getBenchmark() + " " + r.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + r.getParams().getParam(k)).toList() + ": bytes allocated per operation").isLessThan(1.0);
        }
    }
}
