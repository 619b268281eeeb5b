package dev.ipcplayground.launcher;

import dev.ipcplayground.core.ServingTransport;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.TransportOption;
import java.util.List;
import dev.ipcplayground.core.Transports;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launcher serve --transport tcp --listen 0.0.0.0:7000}: be the consumer for producers on
 * other hosts, one run after another. On the other host, {@code launcher --transport tcp
 * --connect THIS-HOST:7000} runs the producer and prints the report, with this side's results.
 * With {@code --secret-file} on both hosts, only producers holding the secret may run.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the consumer's side for producers on other hosts, one run at a time, until stopped.",
                "On the producer's host: launcher --transport tcp --connect THIS-HOST:PORT",
                "With --secret-file FILE here and there, only producers holding the same secret may run."})
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

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        var cli = parent.command.commandLine().getSubcommands().get("serve");
        if (runs < 0) {
            throw new ParameterException(cli, "--runs must be 0 (no limit) or more, got " + runs);
        }
        try {
            if (!(Transports.named(transport) instanceof ServingTransport served)) {
                throw new IllegalArgumentException("--transport " + transport + " cannot reach another host; only "
                        + Transports.all().stream().filter(ServingTransport.class::isInstance).map(Transport::name)
                                .collect(java.util.stream.Collectors.joining(", ")) + " can serve");
            }
            List<TransportOption> options = served.serveOptions();
            Map<String, String> settings = new TreeMap<>();
            for (var given : TransportOptions.given(command, List.of(served), t -> options).entrySet()) {
                TransportOption option = options.stream().filter(o -> o.name().equals(given.getKey())).findFirst().orElseThrow();
                settings.put(given.getKey(), option.parser().apply(given.getValue()));
            }
            served.serve(listen, settings, runs, new PrintStream(System.out, true));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cli, e.getMessage());
        }
        return 0;
    }
}
