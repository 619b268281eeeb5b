package dev.ipcplayground.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers for people: the same unit written the same way in every row. */
class UnitsTest {

    @Test
    void countsAreGroupedDigitsAtEverySizeAndASmallFractionKeepsItsDecimal() {
        assertThat(Units.count(1_581_004)).isEqualTo("1,581,004");
        assertThat(Units.count(10_312_345)).isEqualTo("10,312,345");
        assertThat(Units.count(1.3)).isEqualTo("1.3");
        assertThat(Units.count(1)).isEqualTo("1");
    }

    @Test
    void megabytesHaveThreeSignificantDigits() {
        assertThat(Units.megabytes(3.3)).isEqualTo("3.30");
        assertThat(Units.megabytes(24.67)).isEqualTo("24.7");
        assertThat(Units.megabytes(2776.78)).isEqualTo("2,777");
    }

    @Test
    void aWholeSizeIsWrittenWholeInItsUnit() {
        assertThat(Units.bytes(4096)).isEqualTo("4 KiB");
        assertThat(Units.bytes(64 * 1024)).isEqualTo("64 KiB");
        assertThat(Units.bytes(9000)).isEqualTo("8.79 KiB");
        assertThat(Units.bytes(1 << 20)).isEqualTo("1 MiB");
    }

    @Test
    void aColumnOfWordsIsAlignedLeftUnderItsHeader() {
        String table = new TextTable().left(2).row("transport", "p50", "settings (not the default)")
                .row("shm", "1.00 µs", "--ring agrona").render("");
        assertThat(table.lines().toList().get(1)).endsWith("1.00 µs  --ring agrona");
    }
}
