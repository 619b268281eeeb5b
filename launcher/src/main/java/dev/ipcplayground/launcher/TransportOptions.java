package dev.ipcplayground.launcher;

import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.TransportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's transport options, made from what the transports declare
 * ({@link Transport#options()}): one option per name, its help naming each transport that reads
 * it, with that transport's words and default. The launcher knows no transport setting by name.
 */
final class TransportOptions {

    private TransportOptions() {}

    /**
     * Adds an option to {@code command} for every setting that {@code declared} gives the transports.
     *
     * @param declared which of a transport's settings apply here (all, or those of the serving side)
     */
    static void addTo(CommandSpec command, List<? extends Transport> transports,
                      Function<Transport, List<TransportOption>> declared) {
        Map<String, List<String>> help = new LinkedHashMap<>();
        Map<String, TransportOption> first = new TreeMap<>();
        for (Transport transport : transports) {
            for (TransportOption option : declared.apply(transport)) {
                first.putIfAbsent(option.name(), option);
                String defaultValue = option.defaultForHelp(); // every launch builds the help: no dear defaults here
                help.computeIfAbsent(option.name(), k -> new ArrayList<>()).add(transport.name() + ": " + option.help()
                        + (defaultValue == null ? "" : "; default " + defaultValue) + ".");
            }
        }
        first.forEach((name, option) -> command.addOption(OptionSpec.builder("--" + name)
                .paramLabel(option.label())
                .type(String.class)
                .description(String.join(" ", help.get(name)))
                .build()));
    }

    /** The transport settings given on the command line, by name, as typed (each transport checks its own). */
    static Map<String, String> given(CommandSpec command, List<? extends Transport> transports,
                                     Function<Transport, List<TransportOption>> declared) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : transports.stream().flatMap(t -> declared.apply(t).stream()).map(TransportOption::name)
                .collect(Collectors.toCollection(java.util.TreeSet::new))) {
            OptionSpec option = command.findOption("--" + name);
            if (option != null && option.getValue() != null) {
                settings.put(name, option.getValue().toString());
            }
        }
        return settings;
    }
}
