package dev.ipcplayground.launcher;

import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.Transports;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launcher serve --transport tcp --listen 0.0.0.0:7000}: be the consumer for producers on
 * other hosts, one run after another. On the other host, {@code launcher --transport tcp
 * --connect THIS-HOST:7000} runs the producer and prints the report, with this side's results.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the consumer's side for producers on other hosts, one run at a time, until stopped.",
                "On the producer's host: launcher --transport tcp --connect THIS-HOST:PORT"})
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Launcher parent;

    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "tcp",
            description = "The transport to serve; only tcp crosses machines. Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:7000",
            description = "Where to listen: an address of this host (0.0.0.0 for all) and a port. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "0",
            description = "Serve N runs, then exit; 0 (the default) serves until stopped.")
    long runs;

    @Option(names = "--io", paramLabel = "METHOD", description = "How Netty waits for the socket: nio, epoll (the default where it loads) or io_uring.")
    String io;

    @Override
    public Integer call() throws Exception {
        var cli = parent.command.commandLine().getSubcommands().get("serve");
        if (runs < 0) {
            throw new ParameterException(cli, "--runs must be 0 (no limit) or more, got " + runs);
        }
        Map<String, String> settings = new TreeMap<>();
        if (io != null) {
            settings.put("io", io);
        }
        try {
            Transport served = Transports.named(transport);
            served.serve(listen, settings, runs, new PrintStream(System.out, true));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new ParameterException(cli, e.getMessage());
        }
        return 0;
    }
}
