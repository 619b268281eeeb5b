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

/**
 * The README says what the tool says: its transport tables are {@code launcher list}, word for word
 * and in order, and every block of the tool's output in a README is a sample that {@code
 * docs/samples} runs again, captioned with the machine and the day it came from.
 */
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

    private static final Pattern SAMPLE = Pattern.compile(
            "<!-- sample: (.*?) -->\n(`[^\n]+` on [^\n]+ \\(\\d+ cores\\), \\d{4}-\\d{2}-\\d{2}, in \\d+ s:)\n\n(.*?)<!-- /sample -->\n",
            Pattern.DOTALL);

    @Test
    void everyBlockOfOutputIsASampleTheScriptRunsAgain() throws Exception {
        List<Path> readmes = new java.util.ArrayList<>(List.of(Path.of("..", "README.md")));
        try (var modules = Files.list(Path.of(".."))) {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(readmes::add);
        }
        int samples = 0;
        for (Path readme : readmes) {
            String text = Files.readString(readme);
            Matcher sample = SAMPLE.matcher(text);
            StringBuilder outside = new StringBuilder();
            int last = 0;
            while (sample.find()) {
                samples++;
                outside.append(text, last, sample.start());
                last = sample.end();
                for (String directive : sample.group(1).split(" ;; ")) {
                    assertThat(directive).as(readme + ": a sample's command or directive")
                            .matches("([^;]* && )?bin/launcher .*|(from|to|only|shown|then|screenshot) .*"); // a file made first, at most
                }
            }
            outside.append(text.substring(last));
            assertThat(outside.toString()).as(readme + ": a sample without its markers, or a caption docs/samples did not write")
                    .doesNotContain("<!-- sample").doesNotContain("<!-- /sample");
            // Outside the samples, a fenced block is a command to type (sh) or an annotated format (jsonc), never output.
            List<String> fences = outside.toString().lines().filter(line -> line.startsWith("```")).toList();
            for (int i = 0; i < fences.size(); i += 2) {
                assertThat(fences.get(i)).as(readme + ": a block outside the samples opens with its language").isIn("```sh", "```jsonc");
            }
        }
        assertThat(samples).isGreaterThanOrEqualTo(12);
    }
}
