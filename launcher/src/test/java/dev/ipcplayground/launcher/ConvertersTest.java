package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ConvertersTest {

    @Test
    void sizesTakeBinaryUnits() {
        assertThat(Converters.bytes("0")).isZero();
        assertThat(Converters.bytes("64")).isEqualTo(64);
        assertThat(Converters.bytes("4k")).isEqualTo(4096);
        assertThat(Converters.bytes("4KiB")).isEqualTo(4096);
        assertThat(Converters.bytes("1m")).isEqualTo(1 << 20);
        assertThat(Converters.bytes("1g")).isEqualTo(1 << 30);
    }

    @Test
    void countsTakeDecimalUnits() {
        assertThat(Converters.count("50k")).isEqualTo(50_000);
        assertThat(Converters.count("2m")).isEqualTo(2_000_000);
        assertThat(Converters.count("100_000")).isEqualTo(100_000);
        assertThat(Converters.count("-5")).isEqualTo(-5); // parsed, then refused by the range check with its range
    }

    @Test
    void durationsNeedAUnit() {
        assertThat(Converters.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Converters.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Converters.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> Converters.duration("30")).hasMessageContaining("needs a unit");
    }

    @Test
    void nonsenseIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> Converters.bytes("12x")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("unknown unit");
        assertThatThrownBy(() -> Converters.bytes("abc")).hasMessageContaining("is not a byte size");
        assertThatThrownBy(() -> Converters.count("1.5")).hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> Converters.bytes("99999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Converters.bytes("9999999999999g")).hasMessageContaining("too large");
    }
}
