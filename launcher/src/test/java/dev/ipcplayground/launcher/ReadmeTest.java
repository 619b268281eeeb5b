package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README says what the tool says: its transport tables are {@code launcher list}, word for word and in order. */
class ReadmeTest {

    private static final Pattern TABLE_ROW = Pattern.compile("\\| `([a-z-]+)` \\| (.+) \\| \\[ipc-[a-z]+]\\(ipc-[a-z]+/README\\.md\\) \\|");
    private static final Pattern LIST_LINE = Pattern.compile("([a-z-]+) +(.+)");

    @Test
    void theTransportTablesAreWhatListPrints() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("..", "README.md")).stream().map(TABLE_ROW::matcher)
                .filter(Matcher::matches).map(m -> m.group(1) + " " + m.group(2).replace("\\|", "|")).toList();

        StringWriter out = new StringWriter();
        var cli = Launcher.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("list")).isZero();
        List<String> listed = out.toString().lines().map(LIST_LINE::matcher).filter(Matcher::matches)
                .map(m -> m.group(1) + " " + m.group(2)).toList();

        assertThat(listed).hasSize(11);
        assertThat(readme).containsExactlyElementsOf(listed);
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("\n" + ListCommand.IN_ONE_JVM + "\n");
    }
}
