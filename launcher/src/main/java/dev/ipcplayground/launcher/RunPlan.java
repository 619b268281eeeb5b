package dev.ipcplayground.launcher;

import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.ManyProducers;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.Topology;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.TransportOption;
import dev.ipcplayground.launcher.report.Report;
import dev.ipcplayground.launcher.report.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The runs one command asks for: every chosen transport at every chosen size, each run
 * {@code repeats} times in turns (A B C, A B C ...), so that a machine growing busier shows as
 * spread in every transport rather than as a difference between them.
 *
 * <p>Checked before anything starts. A size a transport cannot carry is skipped with the reason
 * when the command asks for several runs, and refused (exit 2) when it asks for just that one;
 * it is never cut to fit.
 */
record RunPlan(List<Cell> cells, List<Skipped> skipped, int repeats, Map<String, String> given) {

    /** One transport at one size, with its checked spec. */
    record Cell(Transport transport, RunSpec spec) { }

    /** A transport (named as its row would be, with its settings that are not the default) and size left out of a sweep, and why. */
    record Skipped(String transport, long messageSize, String reason) { }

    /** The plan of a command that names its transports: each with the settings given. */
    static RunPlan of(List<Transport> transports, List<Long> sizes, RunSpec template, Map<String, String> settings,
                      int repeats) {
        return of(transports, sizes, List.of(1), template, settings, repeats, false);
    }

    /** The plan of one producer per run. */
    static RunPlan of(List<Transport> transports, List<Long> sizes, RunSpec template, Map<String, String> settings,
                      int repeats, boolean comparison) {
        return of(transports, sizes, List.of(1), template, settings, repeats, comparison);
    }

    /**
     * @param producers  the producer counts to run each transport and size with ({@code --producers}); a
     *                   transport that cannot take a count is skipped at it with the reason, or refused
     *                   when the command asks for that run alone
     * @param template   everything but the transport, the size, the producers and the settings
     * @param settings   the transport settings the user gave; each must apply to one chosen transport at least
     * @param comparison a comparison ({@code --transport all}): each transport also runs under the
     *                   settings it is compared with ({@link Transport#comparedWith}), where they
     *                   change nothing the user gave
     * @throws IllegalArgumentException naming the option and its limit
     */
    static RunPlan of(List<Transport> transports, List<Long> sizes, List<Integer> producers, RunSpec template,
                      Map<String, String> settings, int repeats, boolean comparison) {
        for (String name : settings.keySet()) {
            if (transports.stream().noneMatch(t -> names(t).contains(name))) {
                throw new IllegalArgumentException(transports.size() == 1
                        ? "--" + name + " does not apply to the " + transports.getFirst().name() + " transport"
                                + (names(transports.getFirst()).isEmpty() ? ", which has no settings"
                                        : "; it takes --" + String.join(", --", names(transports.getFirst())))
                        : "--" + name + " applies to none of " + transports.stream().map(Transport::name).collect(Collectors.joining(", ")));
            }
        }
        boolean single = transports.size() * sizes.size() * producers.size() == 1;
        List<Cell> cells = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Transport transport : transports) {
            Map<String, String> given = new TreeMap<>(settings);
            given.keySet().retainAll(names(transport));
            List<Map<String, String>> variants = new ArrayList<>(List.of(given));
            if (comparison) {
                for (Map<String, String> variant : transport.comparedWith()) {
                    if (variant.keySet().stream().noneMatch(given::containsKey)) {
                        Map<String, String> merged = new TreeMap<>(given);
                        merged.putAll(variant);
                        variants.add(merged);
                    }
                }
            }
            for (Map<String, String> own : variants) {
                for (long size : sizes) {
                    RunSpec spec = new RunSpec(transport.name(), template.mode(), (int) size, template.count(), template.warmup(),
                            template.timeout(), template.duration(), template.pin(), own, template.rate(),
                            template.sampleAllocations(), 1, template.work());
                    // skipped under the name its row would have had: "shm --ring agrona"
                    String name = own.isEmpty() ? transport.name()
                            : Summary.nameOf(transport.name(), TransportOption.notDefault(transport.options(), own));
                    String why = template.pin() == Pin.APART && transport instanceof InProcessTransport one ? one.cannotPinApart() : null;
                    if (why != null) {
                        String reason = "--pin apart: " + why;
                        if (single) {
                            throw new IllegalArgumentException(reason + "; use --pin same or none for " + transport.name());
                        }
                        skipped.add(new Skipped(name, size, reason));
                        continue;
                    }
                    long max = transport.maxPayload(spec);
                    if (size > max && !single) {
                        skipped.add(new Skipped(name, size, "larger than its limit of " + max + " bytes"
                                + transport.limitReason(spec)));
                        continue;
                    }
                    RunSpec checked;
                    try {
                        checked = transport.check(spec);
                    } catch (IllegalArgumentException e) {
                        if (own == given) {
                            throw e;
                        }
                        skipped.add(new Skipped(name, size, e.getMessage()));
                        continue;
                    }
                    for (int n : producers) {
                        RunSpec many = checked.withProducers(n);
                        ManyProducers how = n == 1 ? ManyProducers.as("") : transport.manyProducers(many);
                        if (how.allowed()) {
                            cells.add(new Cell(transport, many));
                        } else if (single) {
                            throw new IllegalArgumentException(how.refusal(transport.name(), n));
                        } else {
                            skipped.add(new Skipped(name + " ×" + n + " producers", size, how.whyNot()));
                        }
                    }
                }
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("--size: no chosen transport can carry any chosen size: "
                    + skipped.stream().map(s -> s.transport() + " " + s.messageSize() + " B").collect(Collectors.joining(", ")));
        }
        return new RunPlan(cells, skipped, repeats, settings);
    }

    /** The names of the settings {@code transport} reads. */
    private static List<String> names(Transport transport) {
        return transport.options().stream().map(dev.ipcplayground.core.TransportOption::name).toList();
    }

    int runs() {
        return cells.size() * repeats;
    }

    /** Each setting the user gave, as the runs recorded it, and the transports that read it, in the order they run. */
    List<Report.Given> applied() {
        List<Report.Given> applied = new ArrayList<>();
        for (String name : new TreeMap<>(given).keySet()) {
            List<Cell> reading = cells.stream().filter(c -> c.spec().settings().containsKey(name)).toList();
            if (!reading.isEmpty()) {
                applied.add(new Report.Given(name, reading.getFirst().spec().settings().get(name),
                        reading.stream().map(c -> c.transport().name()).distinct().toList()));
            }
        }
        return applied;
    }
}
