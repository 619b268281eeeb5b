package dev.ipcplayground.launcher;

import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr while several runs go by (me.tongfei's progressbar), naming the one
 * in progress; nothing at all when stderr is not a terminal, so logs and pipes stay clean.
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress of(int runs, PrintWriter err) {
        var console = System.console();
        if (runs < 2 || console == null || !console.isTerminal()) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName("runs")
                .setInitialMax(runs)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .hideEta()
                .build());
    }

    void starting(String what) {
        if (bar != null) {
            bar.setExtraMessage(what);
        }
    }

    void done() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
