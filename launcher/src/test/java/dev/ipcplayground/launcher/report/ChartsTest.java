package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drawing never hangs and gives real images. (XChart loops forever looking for a tick spacing if
 * two tick labels read the same: the percentile labels must stay distinct.)
 */
class ChartsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theLatencyAndThroughputChartsDrawAsPngAndSvg(@TempDir Path dir) throws Exception {
        Histogram fast = new Histogram(3), slow = new Histogram(3);
        for (int i = 1; i <= 100_000; i++) {
            fast.recordValue(1_000 + i % 500);
            slow.recordValue(20_000 + (i % 1000 == 0 ? 5_000_000 : i % 3000));
        }
        var latency = Charts.latency(List.of(new Charts.Curve("fast", fast), new Charts.Curve("slow", slow)), "round-trip");
        Latency l = new Latency(1, 2, 3, 4, 5, 6, 7, 3);
        var throughput = Charts.throughput(List.of(
                new Summary("fast", "pingpong", 64, 1, l, 2, 2, new Throughput(500_000, 32), 1, 1, 0, 0, Map.of()),
                new Summary("slow", "pingpong", 64, 1, l, 2, 2, new Throughput(40_000, 2.5), 1, 1, 1, 1, Map.of()),
                new Summary("fast", "pingpong", 4096, 1, l, 2, 2, new Throughput(200_000, 800), 1, 1, 0, 0, Map.of())));

        var image = javax.imageio.ImageIO.read(new ByteArrayInputStream(Charts.png(latency)));
        assertThat(image.getWidth()).isEqualTo(900);
        Charts.write(throughput, dir.resolve("t.svg"));
        assertThat(Files.readString(dir.resolve("t.svg"))).contains("<svg");
        assertThat(Charts.beside(dir.resolve("c.png"), "throughput").getFileName().toString()).isEqualTo("c-throughput.png");
    }
}
