package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is refused before anything starts: exit code 2 and one line that names the option. */
class BadInputTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int launch(String... args) {
        var cli = Launcher.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String firstErrorLine() {
        return err.toString().lines().findFirst().orElse("");
    }

    @AfterEach
    void nothingWasStarted() throws Exception {
        try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
            assertThat(shm.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(RunDirectory.PREFIX + ProcessHandle.current().pid()));
        }
        assertThat(ProcessHandle.current().children()).isEmpty();
    }

    @Test
    void aCommandsBadInputPointsToThatCommandsHelp() {
        assertThat(launch("serve", "--transport", "tcp", "--listen", "nowhere")).isEqualTo(2);
        assertThat(err.toString().lines().toList()).contains("Try 'launcher serve --help' for the options and examples.");
    }

    @Test
    void anOptionBeforeACommandIsRefusedNotIgnored() {
        assertThat(launch("--transport", "pipe", "serve")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --transport before 'serve' is an option of a run, not of serve; "
                + "give serve's options after it (launcher serve --help)");
        assertThat(launch("--count", "5", "list")).isEqualTo(2);
    }

    @Test
    void aConnectionToPortZeroIsRefusedBeforeAnythingStarts() {
        assertThat(launch("--transport", "tcp", "--connect", "127.0.0.1:0")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --connect must be HOST:PORT with a port from 1 to 65535, got '127.0.0.1:0'");
    }

    @Test
    void aSecretFileThatHoldsNoSecretOrServesNoConnectionIsRefused(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Path shortOne = Files.writeString(directory.resolve("short"), "hunter2\n");
        assertThat(launch("serve", "--secret-file", shortOne.toString())).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --secret-file " + shortOne + " holds 7 bytes; a secret needs at least 16 "
                + "(head -c 32 /dev/urandom | base64 > FILE makes one)");
        err.getBuffer().setLength(0);
        assertThat(launch("--transport", "tcp", "--connect", "127.0.0.1:7000", "--secret-file", directory + "/absent")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --secret-file " + directory + "/absent: no such file");
        err.getBuffer().setLength(0);
        Path secret = Files.writeString(directory.resolve("secret"), "x".repeat(32));
        assertThat(launch("--transport", "tcp", "--secret-file", secret.toString())).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --secret-file proves a producer to a `launcher serve`: it needs --connect HOST:PORT");
    }

    @Test
    void aTransportThatTakesOneProducerIsRefusedWithItsReason() {
        assertThat(launch("--transport", "shm", "--ring", "textbook", "--producers", "4")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: --producers 4: shm takes one producer here: the textbook ring has one writer and one reader");
    }

    @Test
    void framesLargerThanPipeBufAreRefusedForManyWritersOfAPipe() {
        assertThat(launch("--transport", "fifo", "--producers", "2", "--size", "4073")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: --producers 2: fifo takes one producer here: a 4097-byte frame is larger than PIPE_BUF (4096 bytes)")
                .endsWith("use --size 4072 or less");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "--producers 0                    | --producers must be between 1 and 64, got 0",
            "--producers 65                   | --producers must be between 1 and 64, got 65",
            "--producers 4 --count 3          | --count 3 is less than --producers 4: each producer sends at least one message",
            "--producers 4 --mode rate --rate 3 | --rate 3 is less than --producers 4: each producer sends at least one message a second",
            "--work 2ms                       | --work must be between 0 and 1ms per message, got 2000000ns",
            "--work 2                         | '2' needs a unit: ns, us, ms or s"})
    void producersAndWorkOutOfRangeAreRefused(String args, String message) {
        String[] all = ("--transport posix-mq " + args.strip()).split(" +");
        assertThat(launch(all)).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: ").contains(message);
    }

    @Test
    void anUnknownTransportListsTheValidOnes() {
        assertThat(launch("--transport", "carrier-pigeon")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --transport: unknown transport 'carrier-pigeon'; valid: aeron, chronicle, coroutine, fifo, pipe, posix-mq, shm, tcp, thread, unix, vthread");
    }

    @Test
    void anOutputInADirectoryThatDoesNotExistIsRefusedBeforeTheRun() {
        assertThat(launch("--transport", "pipe", "--report", "no-such-dir/r.html")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: --report no-such-dir/r.html: its directory ")
                .endsWith("no-such-dir does not exist");
    }

    @Test
    void mqIsRefusedWithTheTwoMessageQueuesItCouldMean() {
        assertThat(launch("--transport", "mq")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: --transport: unknown transport 'mq' (a message queue is posix-mq, "
                + "the kernel's POSIX queues, or chronicle, Chronicle Queue's journal)");
    }

    @Test
    void aMissingTransportListsTheValidOnes() {
        assertThat(launch()).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --transport is required; valid: aeron, chronicle, coroutine, fifo, pipe, posix-mq, shm, tcp, thread, unix, vthread, or all");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "--count|0|launcher: --count must be between 1 and 1,000,000,000, got 0",
            "--count|-5|launcher: --count must be between 1 and 1,000,000,000, got -5",
            "--count|5000m|launcher: --count must be between 1 and 1,000,000,000, got 5,000,000,000",
            "--count|lots|launcher: Invalid value for option '--count': 'lots' is not a whole number such as 50000 or 50k",
            "--warmup|-1|launcher: --warmup must be auto or between 0 and 1,000,000,000, got -1",
            "--warmup|soon|launcher: Invalid value for option '--warmup': 'soon' is not auto or a whole number such as 50000 or 50k",
            "--size|-1|launcher: --size must be between 0 and 1,073,741,824, got -1",
            "--size|2g|launcher: --size must be between 0 and 1,073,741,824, got 2,147,483,648",
            "--size|12x|launcher: Invalid value for option '--size' (BYTES): '12x' has an unknown unit; use b, k, m or g (powers of 1024)",
            "--timeout|0s|launcher: --timeout must be between 1s and 24h, got 0s",
            "--timeout|30|launcher: Invalid value for option '--timeout': '30' needs a unit: ms, s, m or h",
            "--mode|sideways|launcher: Invalid value for option '--mode': 'sideways' is not pingpong, stream or rate",
            "--pin|everywhere|launcher: Invalid value for option '--pin': 'everywhere' is not none, same or apart",
            "--rate|1000|launcher: --rate is for --mode rate; --mode pingpong sets its own pace",
            "--report|/proc/x.html|launcher: --report /proc/x.html: its directory /proc is not writable",
            "--chart|c.gif|launcher: --chart c.gif: the name must end in .png or .svg",
            "--chart|chart|launcher: --chart chart: the name must end in .png or .svg",
            "--hgrm|/proc/nope|launcher: --hgrm /proc/nope: this directory does not exist",
            "--hgrm|/proc|launcher: --hgrm /proc: this directory is not writable",
            "--hgrm|/proc/self/status|launcher: --hgrm /proc/self/status: this is a file, not a directory",
    })
    void anOutOfRangeOrMalformedValueNamesTheOptionAndItsRange(String option, String value, String message) {
        assertThat(launch("--transport", "pipe", option, value)).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo(message);
    }

    @Test
    void anOpenLoopNeedsARate() {
        assertThat(launch("--transport", "pipe", "--mode", "rate")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --mode rate needs --rate N, the messages per second (1 to 10m)");
    }

    @Test
    void anOpenLoopRateIsWithinItsRange() {
        assertThat(launch("--transport", "pipe", "--mode", "rate", "--rate", "20m")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --rate must be between 1 and 10,000,000, got 20,000,000");
    }

    @Test
    void aTcpAddressMustBeHostAndPort() {
        assertThat(launch("--transport", "tcp", "--connect", "nowhere")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --connect must be HOST:PORT with a port from 1 to 65535, got 'nowhere'");
    }

    @Test
    void anUnknownOptionIsNamed() {
        assertThat(launch("--transport", "pipe", "--colour", "blue")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: Unknown option").contains("'--colour'");
    }

    @Test
    void aSettingOfAnotherTransportIsRefusedNotIgnored() {
        assertThat(launch("--transport", "pipe", "--wait", "spin")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --wait does not apply to the pipe transport, which has no settings");
    }

    @Test
    void aCountAndADurationExcludeEachOther() {
        assertThat(launch("--transport", "pipe", "--count", "10", "--duration", "5s")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --count and --duration exclude each other: a run ends after a count or after a time");
    }

    @Test
    void aSoakOfMoreThanADayIsRefused() {
        assertThat(launch("--transport", "pipe", "--duration", "25h")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --duration must be between 1s and 24h, got 25h");
    }

    @Test
    void aRepeatOutOfRangeIsNamed() {
        assertThat(launch("--transport", "pipe", "--repeat", "0")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --repeat must be between 1 and 100, got 0");
    }

    @Test
    void anUnknownNameInAListIsNamed() {
        assertThat(launch("--transport", "pipe,nope")).isEqualTo(2);
        assertThat(firstErrorLine()).startsWith("launcher: --transport: unknown transport 'nope'; valid: ");
    }

    @Test
    void aSettingNoChosenTransportTakesIsRefused() {
        assertThat(launch("--transport", "pipe,fifo", "--wait", "spin")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --wait applies to none of pipe, fifo");
    }

    @Test
    void aBadWaitStrategyIsNamed() {
        assertThat(launch("--transport", "shm", "--wait", "nap")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --wait must be block, spin or hybrid, got 'nap'");
    }

    @Test
    void aRingSizeThatIsNotAPowerOfTwoIsRefused() {
        assertThat(launch("--transport", "shm", "--ring-size", "5000")).isEqualTo(2);
        assertThat(firstErrorLine()).isEqualTo("launcher: --ring-size must be a power of two from 4k (4096) to 1g (1073741824), got 5000");
    }

    @Test
    void aMessageLargerThanTheRingIsRefusedWithTheLimitNeverClamped() {
        assertThat(launch("--transport", "shm", "--ring-size", "4k", "--size", "2017")).isEqualTo(2); // the fast ring: half of 4k
        assertThat(firstErrorLine()).startsWith("launcher: --size 2017 is larger than shm can carry: its limit is 2016 bytes");
    }

    @Test
    void listNamesEveryTransportWithOneLine() {
        assertThat(launch("list")).isZero();
        var lines = out.toString().lines().filter(l -> !l.isEmpty() && !l.equals(ListCommand.IN_ONE_JVM)).toList();
        assertThat(lines).hasSize(11);
        for (String name : new String[] {"aeron", "chronicle", "coroutine", "fifo", "pipe", "posix-mq", "shm", "thread", "vthread"}) {
            assertThat(lines).as(name).anyMatch(l -> l.matches(java.util.regex.Pattern.quote(name) + " +\\S.{20,}"));
        }
    }

    /** Every launch builds --help; tcp's default is described there, not found out (that loads Netty's natives). */
    @Test
    void theHelpDescribesTcpsDefaultIoWithoutProbingForIt() {
        assertThat(launch("--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("default epoll where it loads, else nio.");
    }

    @Test
    void theUsageLineSaysATransportIsNeeded() {
        assertThat(launch("--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: launcher --transport=NAMES[,NAMES...] [OPTIONS]");
    }

    @Test
    void helpShowsExamples() {
        assertThat(launch("--help")).isZero();
        assertThat(out.toString()).contains("--transport=NAME").contains("Examples:").contains("launcher --transport shm");
    }

    @Test
    void versionNamesTheToolAndTheJdk() {
        assertThat(launch("--version")).isZero();
        assertThat(out.toString()).startsWith("IPC Playground ").contains("JDK 25");
    }
}
