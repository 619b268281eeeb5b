package dev.ipcplayground.launcher;

import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.Transports;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code launcher list}: the transports on the class path, one line each, those between two
 * processes first, then those in one JVM that they are compared with. The README's two tables
 * say the same, word for word (a test holds them to it).
 */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the transports, one line each.")
final class ListCommand implements java.util.concurrent.Callable<Integer> {

    static final String IN_ONE_JVM = "For comparison, the same exchange without a process boundary, in one child JVM:";

    @ParentCommand
    Launcher parent;

    @Override
    public Integer call() {
        PrintWriter out = parent.command.commandLine().getOut();
        Map<Boolean, List<Transport>> inOneJvm = Transports.all().stream()
                .collect(Collectors.partitioningBy(InProcessTransport.class::isInstance));
        int width = Transports.all().stream().mapToInt(t -> t.name().length()).max().orElse(0);
        inOneJvm.get(false).forEach(t -> out.printf("%-" + width + "s  %s%n", t.name(), t.description()));
        if (!inOneJvm.get(true).isEmpty()) {
            out.printf("%n%s%n", IN_ONE_JVM);
            inOneJvm.get(true).forEach(t -> out.printf("%-" + width + "s  %s%n", t.name(), t.description()));
        }
        out.flush();
        return 0;
    }
}
