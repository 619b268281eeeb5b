package dev.ipcplayground.launcher;

import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.Transports;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code launcher list}: the transports on the class path, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the transports, one line each.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    Launcher parent;

    @Override
    public Integer call() {
        var out = parent.command.commandLine().getOut();
        int width = Transports.all().stream().mapToInt(t -> t.name().length()).max().orElse(0);
        for (Transport t : Transports.all()) {
            out.printf("%-" + width + "s  %s%n", t.name(), t.description());
        }
        out.flush();
        return 0;
    }
}
