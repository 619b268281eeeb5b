package dev.ipcplayground.launcher;

import dev.ipcplayground.core.Frame;
import dev.ipcplayground.core.InProcessTransport;
import dev.ipcplayground.core.Json;
import dev.ipcplayground.core.Mode;
import dev.ipcplayground.core.Pin;
import dev.ipcplayground.core.RunSpec;
import dev.ipcplayground.core.ServingTransport;
import dev.ipcplayground.core.Transport;
import dev.ipcplayground.core.TransportOption;
import dev.ipcplayground.core.Transports;
import dev.ipcplayground.core.os.Libc;
import dev.ipcplayground.launcher.report.Environment;
import dev.ipcplayground.launcher.report.Report;
import dev.ipcplayground.launcher.report.CsvFormat;
import dev.ipcplayground.launcher.report.HgrmFiles;
import dev.ipcplayground.launcher.report.RunResult;
import dev.ipcplayground.launcher.report.Summary;
import dev.ipcplayground.launcher.report.TableFormat;
import dev.ipcplayground.launcher.report.TrustChecks;
import dev.ipcplayground.launcher.report.Charts;
import dev.ipcplayground.launcher.report.HtmlReport;
import dev.ipcplayground.launcher.report.Palette;
import dev.ipcplayground.launcher.report.Units;
import org.HdrHistogram.Histogram;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code launcher --transport shm}: one producer JVM, one consumer JVM, one transport between
 * them, and a report of how fast that was and what it cost.
 */
@Command(name = "launcher", mixinStandardHelpOptions = true, versionProvider = Launcher.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        customSynopsis = {"launcher --transport=NAMES[,NAMES...] [OPTIONS]", "   or: launcher COMMAND [OPTIONS]"},
        subcommands = {ListCommand.class, CleanCommand.class, CostsCommand.class, ServeCommand.class},
        description = {"", "Starts a producer and a consumer in two JVMs, has them exchange verified messages over one "
                + "inter-process transport, and prints latency percentiles, throughput, and the CPU time and context "
                + "switches each message cost.", ""},
        footer = {"", "Examples:",
                "  launcher --transport shm                       ping-pong over shared memory, sleeping on semaphores",
                "  launcher --transport shm --wait spin           the same, busy-polling: lower latency, a whole core each",
                "  launcher --transport pipe --mode stream --size 4k --count 200k",
                "  launcher --transport pipe --format json        the documented JSON document, for programs",
                "  launcher --transport shm --mode rate --rate 100k   open loop at 100,000 msg/s: latency from when each was due",
                "  launcher --transport all --size 64,4k --repeat 3   every transport, two sizes, three runs each in turns",
                "  launcher --transport shm --duration 10m        a soak: ten minutes, every message verified",
                "  launcher --transport posix-mq --producers 1,2,4,8 --mode stream   four producer counts into one consumer",
                "  launcher --transport all --producers 1,4 --work 2us   which holds up under fan-in, with a consumer that works",
                "  launcher serve --transport tcp --listen 0.0.0.0:7000   be the consumer for producers on other hosts,",
                "  launcher --transport tcp --connect HOST:7000      ... and run the producer on this one",
                "  launcher clean                                 remove what runs killed with SIGKILL left behind",
                "  launcher list                                  the transports and what each one is", "",
                "Exit codes: 0 success, 1 the run failed (the message says which side and why), 2 bad usage."})
public final class Launcher implements Callable<Integer> {

    static final long MAX_COUNT = 1_000_000_000L, MAX_RATE = 10_000_000L;
    static final Duration MAX_WORK = Duration.ofMillis(1);
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(1), MAX_TIMEOUT = Duration.ofHours(24),
            DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    enum Format { table, json, csv }

    @Spec
    CommandSpec command;

    @Option(names = "--transport", paramLabel = "NAMES", split = ",",
            description = "The transport, several (pipe,shm,fifo) or all: ${COMPLETION-CANDIDATES}. See `launcher list`.",
            completionCandidates = TransportNames.class)
    List<String> transports;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "pingpong", converter = Converters.ModeName.class,
            description = "pingpong (round trips, the default), stream (one way, as fast as it goes) or rate "
                    + "(one way, open loop at --rate messages per second, timed from when each was due).")
    Mode mode;

    @Option(names = "--rate", paramLabel = "N", converter = Converters.Count.class,
            description = "With --mode rate: messages per second, 1 to 10m (k, m: 1000s).")
    Long rate;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64", split = ",", converter = Converters.Bytes.class,
            description = "Payload bytes per message, 0 up to the transport's limit, or a list for a sweep (0,64,1k,64k,1m); "
                    + "units k, m, g (1024s). Default: ${DEFAULT-VALUE}.")
    List<Long> sizes;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "1", split = ",",
            description = "Producer processes sending to the one consumer, 1 to 64, or a list for a sweep (1,2,4,16); "
                    + "--count and --rate are their totals, shared evenly. Default: ${DEFAULT-VALUE}.")
    List<Integer> producers;

    @Option(names = "--work", paramLabel = "DURATION", converter = Converters.ShortTime.class,
            description = "Busy work the consumer does for each message, calibrated at its start, 0 to 1ms (500ns, 2us, 1ms); "
                    + "in ping-pong before it replies. Default: none.")
    Duration work;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Run each transport and size N times (1 to 100), in turns (A B C, A B C), and report medians and the spread.")
    int repeat;

    @Option(names = "--pin", paramLabel = "WHERE", defaultValue = "none", converter = Converters.PinName.class,
            description = "none (the scheduler decides, the default), same (both messaging threads on CPU 0) or apart (the "
                    + "producer's on CPU 0, the consumer's on CPU 1); the rest of each JVM runs on the CPUs left over.")
    Pin pin;

    @Option(names = "--chart", paramLabel = "FILE",
            description = "Also draw the latency by percentile (FILE) and the throughput by size (FILE-throughput), as PNG or SVG "
                    + "by the name's ending; with a sweep of --producers also FILE-scaling and FILE-scaling-p99.")
    Path chart;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write one self-contained HTML page: the tables, both charts, every run's settings, the environment, the warnings.")
    Path htmlReport;

    @Option(names = "--hgrm", paramLabel = "DIR",
            description = "Also write each run's latency percentiles to DIR as HdrHistogram .hgrm files (microseconds).")
    Path hgrm;

    @Option(names = "--count", paramLabel = "N", defaultValue = "50k", converter = Converters.Count.class,
            description = "Measured messages, 1 to 1000m; units k, m (1000s). Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--warmup", paramLabel = "auto|N", defaultValue = "auto", converter = Converters.WarmupCount.class,
            description = "Messages sent first and not recorded: auto (the default) until both sides' JIT compilers are quiet "
                    + "(at least 10k messages and 0.2 s, at most 3 s), or N messages, 0 to 1000m.")
    long warmup;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Converters.Time.class,
            description = "A soak: after the warm-up, send for this long (1s to 24h) instead of --count messages, verifying every one.")
    Duration duration;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Time.class,
            description = "How long a run may go without a message moving before it is stopped as hung, 1s to 24h "
                    + "(ms, s, m, h); a long run that moves is never stopped. Default: 60s.")
    Duration timeout;

    @Option(names = "--allocations",
            description = "Also sample each side's heap allocations in the measured phase with JFR and name what allocated: "
                    + "the type, the method, and its first caller outside the JDK. JFR's threads then share the CPUs: "
                    + "a run for finding garbage, not for timing.")
    boolean allocations;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people, the default), json (one document, described in the README) or csv (a line per run).")
    Format format;

    public static void main(String[] args) {
        // All a run makes is private to this user: directories 0700, the rest 0600. The user's own
        // output files (--chart, --report, --hgrm) get the user's umask back (OutputFiles).
        OutputFiles.rememberUserUmask(Libc.umask(0077));
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Launcher());
        String columns = System.getenv("COLUMNS"); // a terminal's width, when the shell exports it
        if (columns != null && columns.matches("\\d{2,3}")) {
            cli.setUsageHelpWidth(Math.max(55, Integer.parseInt(columns)));
        }
        // Each transport declares its own settings (--wait, --ring-size ...): the launcher offers them all.
        TransportOptions.addTo(cli.getCommandSpec(), Transports.all(), Transport::options);
        List<ServingTransport> serving = Transports.all().stream().filter(ServingTransport.class::isInstance)
                .map(ServingTransport.class::cast).toList();
        TransportOptions.addTo(cli.getSubcommands().get("serve").getCommandSpec(), serving, t -> ((ServingTransport) t).serveOptions());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // `launcher --transport pipe serve`: picocli would take --transport for a run and then serve,
        // ignoring it. Options go after the command they belong to; before one, they are refused.
        cli.setExecutionStrategy(parsed -> {
            if (parsed.hasSubcommand() && !parsed.matchedOptions().isEmpty()) {
                String sub = parsed.subcommand().commandSpec().name();
                String given = parsed.matchedOptions().stream().map(CommandLine.Model.OptionSpec::longestName)
                        .collect(java.util.stream.Collectors.joining(", "));
                throw new ParameterException(parsed.commandSpec().commandLine(), given + " before '" + sub + "' is an option of a run, "
                        + "not of " + sub + "; give " + sub + "'s options after it (launcher " + sub + " --help)");
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("launcher: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options and examples.");
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (RunSession.stoppedBySignal) {
                return CommandLine.ExitCode.SOFTWARE; // the shutdown hook has said why
            }
            commandLine.getErr().println("launcher: " + (e instanceof RunFailure ? "the run failed: " : "") + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cli;
    }

    @Override
    public Integer call() throws RunFailure, IOException {
        RunPlan plan = plan(transports());
        checkOutputs();
        List<RunResult> results = new ArrayList<>();
        List<Histogram> latencies = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        RunFailure failed = null;
        try (Progress progress = Progress.of(plan.runs(), command.commandLine().getErr())) {
            runAll(plan, results, latencies, warnings, progress);
        } catch (RunFailure e) {
            if (results.isEmpty()) {
                throw e;
            }
            failed = e; // the runs before it are reported all the same
        }
        Report report = new Report(Report.VERSION, "IPC Playground " + Version.text(), Environment.current(), results,
                summaries(results), plan.applied(), plan.skipped().stream().map(s -> new Report.Skip(s.transport(), s.messageSize(), s.reason())).toList(),
                TrustChecks.acrossRepeats(warnings, plan.repeats())); // each run keeps its own, in its row
        PrintWriter out = command.commandLine().getOut();
        out.print(switch (format) {
            case json -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
            case csv -> CsvFormat.render(report);
            case table -> TableFormat.render(report);
        });
        out.flush();
        if (failed != null) {
            throw failed.and("the " + (results.size() == 1 ? "run" : results.size() + " runs") + " before it "
                    + (results.size() == 1 ? "is" : "are") + " reported above");
        }
        // The results are out; the files come after, so that a failure to write one loses nothing.
        try {
            if (hgrm != null) {
                for (int i = 0; i < results.size(); i++) {
                    OutputFiles.ownedByTheUser(HgrmFiles.write(hgrm, results.get(i), notDefault(results.get(i)), latencies.get(i)));
                }
            }
            if (chart != null || htmlReport != null) {
                draw(report, latencies);
            }
        } catch (IOException e) {
            command.commandLine().getErr().println("launcher: the results are above, but an output file could not be written: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        return 0;
    }

    /** Every file asked for, checked before the first run: exit 2 naming the path and why, never minutes later. */
    private void checkOutputs() {
        try {
            if (chart != null) {
                OutputFiles.checkFile("--chart", chart, Set.of(".png", ".svg"));
                OutputFiles.checkFile("--chart", Charts.beside(chart, "throughput"), Set.of(".png", ".svg"));
            }
            if (htmlReport != null) {
                OutputFiles.checkFile("--report", htmlReport, Set.of(".html", ".htm"));
            }
            if (hgrm != null) {
                OutputFiles.checkDirectory("--hgrm", hgrm);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** Every run of the plan, in turns (A B C, A B C ...), each watched for what could spoil it. */
    private void runAll(RunPlan plan, List<RunResult> results, List<Histogram> latencies, List<String> warnings,
                        Progress progress) throws RunFailure, IOException {
        for (int r = 1; r <= plan.repeats(); r++) {
            for (RunPlan.Cell cell : plan.cells()) {
                progress.starting(cell.transport().name() + " " + Units.bytes(cell.spec().payloadSize())
                        + (cell.spec().fanIn() ? " ×" + cell.spec().producers() : ""));
                MachineLoad.Sample before = MachineLoad.sample();
                RunSession.Measured measured = RunSession.run(cell.transport(), cell.spec(), r);
                MachineLoad.Busy busy = MachineLoad.between(before, MachineLoad.sample());
                List<String> found = TrustChecks.of(measured.result(), Summary.nameOf(cell.transport().name(), notDefault(measured.result())),
                        coresFor(cell.spec().pin()),
                        busy == null ? -1 : busy.otherCores(), busy == null ? 0 : busy.stealFraction(),
                        cell.transport() instanceof InProcessTransport one && one.oneKernelThread() ? 1 : cell.spec().producers() + 1);
                results.add(measured.result().withWarnings(found));
                latencies.add(measured.latency());
                warnings.addAll(found);
                progress.done();
            }
        }
    }

    /**
     * The charts, and the HTML page that embeds them. Each transport and size is drawn from its
     * median repeat (by p50), so one lucky or unlucky run does not become the picture.
     */
    private void draw(Report report, List<Histogram> latencies) throws IOException {
        boolean oneSize = report.summary().stream().map(Summary::messageSize).distinct().count() == 1;
        List<Charts.Curve> curves = new ArrayList<>();
        for (Summary s : report.summary()) {
            int median = medianRepeat(report.runs(), s);
            curves.add(new Charts.Curve(s.name(), oneSize ? null : s.messageSize(), latencies.get(median)));
        }
        Palette palette = new Palette(report.summary().stream().map(Summary::line).distinct().toList());
        var latencyChart = Charts.latency(curves, report.runs().getFirst().latencyKind(), palette);
        var throughputChart = Charts.throughput(report.summary(), report.skipped(), palette);
        boolean scaling = Charts.sweepsProducers(report.summary());
        var scalingChart = scaling ? Charts.scaling(report.summary(), false, palette) : null;
        var scalingP99Chart = scaling ? Charts.scaling(report.summary(), true, palette) : null;
        PrintWriter err = command.commandLine().getErr();
        if (chart != null) {
            Charts.write(latencyChart, chart);
            Charts.write(throughputChart, Charts.beside(chart, "throughput"));
            OutputFiles.ownedByTheUser(chart);
            OutputFiles.ownedByTheUser(Charts.beside(chart, "throughput"));
            if (scaling) {
                Charts.write(scalingChart, Charts.beside(chart, "scaling"));
                Charts.write(scalingP99Chart, Charts.beside(chart, "scaling-p99"));
                OutputFiles.ownedByTheUser(Charts.beside(chart, "scaling"));
                OutputFiles.ownedByTheUser(Charts.beside(chart, "scaling-p99"));
            }
            err.println("launcher: charts written to " + chart + " and " + Charts.beside(chart, "throughput")
                    + (scaling ? ", " + Charts.beside(chart, "scaling") + " and " + Charts.beside(chart, "scaling-p99") : ""));
        }
        if (htmlReport != null) {
            java.nio.file.Files.writeString(htmlReport, HtmlReport.render(report, Charts.png(latencyChart), Charts.png(throughputChart),
                    scaling ? Charts.png(scalingChart) : null, scaling ? Charts.png(scalingP99Chart) : null));
            OutputFiles.ownedByTheUser(htmlReport);
            err.println("launcher: report written to " + htmlReport);
        }
        err.flush();
    }

    /** The index, in the report's runs, of the repeat of {@code s} whose p50 is the median. */
    private static int medianRepeat(List<RunResult> runs, Summary s) {
        List<Integer> repeats = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunResult run = runs.get(i);
            if (run.transport().equals(s.transport()) && run.messageSize() == s.messageSize()
                    && run.producers() == s.producers() && notDefault(run).equals(s.settings())) {
                repeats.add(i);
            }
        }
        repeats.sort(java.util.Comparator.comparingLong(i -> runs.get(i).latencyNanos().p50()));
        return repeats.get((repeats.size() - 1) / 2);
    }

    /** A run's settings that are not its transport's defaults: what tells a comparison's variants apart. */
    private static Map<String, String> notDefault(RunResult run) {
        return TransportOption.notDefault(Transports.named(run.transport()).options(), run.settings());
    }

    /** The CPUs the two sides of a run could use. */
    private static int coresFor(Pin pin) {
        return switch (pin) {
            case SAME -> 1;
            case APART -> 2;
            case NONE -> Runtime.getRuntime().availableProcessors();
        };
    }

    /** Medians over the repeats, one per transport and size, in the order they ran, each with its settings that are not the default. */
    private static List<Summary> summaries(List<RunResult> results) {
        Map<String, List<RunResult>> byCell = new LinkedHashMap<>();
        for (RunResult r : results) {
            byCell.computeIfAbsent(r.transport() + " " + r.settings() + " " + r.messageSize() + " " + r.producers(),
                    k -> new ArrayList<>()).add(r);
        }
        return byCell.values().stream().map(repeats -> Summary.of(repeats, notDefault(repeats.getFirst()))).toList();
    }

    private List<Transport> transports() {
        if (transports == null || transports.isEmpty()) {
            throw usage("--transport is required; valid: " + String.join(", ", new TransportNames()) + ", or all");
        }
        if (transports.contains("all")) {
            return Transports.all();
        }
        List<Transport> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(transports)) {
            try {
                chosen.add(Transports.named(name));
            } catch (IllegalArgumentException e) {
                throw usage("--transport: " + e.getMessage());
            }
        }
        return chosen;
    }

    /** Checks every value against its range, then lets each transport check its own limits. */
    private RunPlan plan(List<Transport> chosen) {
        requireRange("--count", count, 1, MAX_COUNT);
        if (warmup != RunSpec.AUTO_WARMUP && (warmup < 0 || warmup > MAX_COUNT)) {
            throw usage(String.format("--warmup must be auto or between 0 and %,d, got %,d", MAX_COUNT, warmup));
        }
        for (long size : sizes) {
            requireRange("--size", size, 0, Frame.MAX_PAYLOAD);
        }
        requireRange("--repeat", repeat, 1, 100);
        for (int n : producers) {
            requireRange("--producers", n, 1, RunSpec.MAX_PRODUCERS);
        }
        int most = producers.stream().mapToInt(Integer::intValue).max().orElse(1);
        if (duration == null && count < most) {
            throw usage(String.format("--count %,d is less than --producers %d: each producer sends at least one message", count, most));
        }
        if (work != null && (work.isNegative() || work.compareTo(MAX_WORK) > 0)) {
            throw usage("--work must be between 0 and 1ms per message, got " + work.toNanos() + "ns");
        }
        if (mode == Mode.RATE) {
            if (rate == null) {
                throw usage("--mode rate needs --rate N, the messages per second (1 to 10m)");
            }
            requireRange("--rate", rate, 1, MAX_RATE);
            if (rate < most) {
                throw usage(String.format("--rate %,d is less than --producers %d: each producer sends at least one message a second",
                        rate, most));
            }
        } else if (rate != null) {
            throw usage("--rate is for --mode rate; --mode " + mode.key() + " sets its own pace");
        }
        if (duration != null) {
            requireDuration("--duration", duration);
            if (command.commandLine().getParseResult().hasMatchedOption("--count")) {
                throw usage("--count and --duration exclude each other: a run ends after a count or after a time");
            }
        }
        Duration soak = duration == null ? Duration.ZERO : duration;
        Duration limit = timeout != null ? timeout : DEFAULT_TIMEOUT; // without progress: a soak may take as long as it likes
        requireDuration("--timeout", limit);
        // Only what the user gave: each transport checks its own and fills in its defaults; RunPlan
        // refuses a setting that no chosen transport reads.
        Map<String, String> settings = TransportOptions.given(command, Transports.all(), Transport::options);
        try {
            if (pin == Pin.APART && Runtime.getRuntime().availableProcessors() < 2) {
                throw usage("--pin apart needs two CPUs; this machine gives the JVM " + Runtime.getRuntime().availableProcessors());
            }
            RunSpec template = new RunSpec("", mode, 0, count, warmup, limit, soak, pin, Map.of(), rate == null ? 0 : rate,
                    allocations, 1, work == null ? Duration.ZERO : work);
            // a size or count given twice runs once, as a transport given twice does
            return RunPlan.of(chosen, new LinkedHashSet<>(sizes).stream().toList(), new LinkedHashSet<>(producers).stream().toList(),
                    template, settings, repeat,
                    transports.contains("all"));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void requireDuration(String option, Duration value) {
        if (value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw usage(option + " must be between 1s and 24h, got " + human(value));
        }
    }

    /** A duration as it would be typed: 25h, 90m, 500ms. */
    static String human(Duration d) {
        long ms = d.toMillis();
        return ms == 0 ? "0s" : ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(String.format("%s must be between %,d and %,d, got %,d", option, min, max, value));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(command.commandLine(), message);
    }

    /** The transport names, for --help and completion. */
    static final class TransportNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Transports.all().stream().map(Transport::name).iterator();
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"IPC Playground " + text(), "JDK " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }

        static String text() {
            try (InputStream in = Launcher.class.getResourceAsStream("/ipc-playground-version.properties")) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            } catch (IOException | NullPointerException e) {
                return "(unknown version)";
            }
        }
    }
}
