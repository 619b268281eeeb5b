package dev.ipcplayground.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A setting of one transport, declared by the transport itself: the launcher makes the command
 * line's option from it ({@code --help} lists it with its transport), and the transport's
 * {@link Transport#check} reads, checks and fills it in through {@link #applyAll}. A new setting
 * touches only its module.
 *
 * @param name         the option without its dashes, and the key in {@link RunSpec#settings()}: {@code ring-size}
 * @param label        what the value is, for {@code --help}: {@code BYTES}
 * @param help         one sentence for {@code --help}, from the transport's point of view
 * @param defaultValue the value a run uses when none is given, in the form {@link #parser} returns;
 *                     {@code null} for a setting that is simply absent unless given
 * @param parser       turns what the user typed into the value the run records, or throws an
 *                     {@link IllegalArgumentException} that names the option and its valid range
 * @param defaultInHelp what {@code --help} says of the default instead of computing it, for a default
 *                     that is dear to find out (tcp's {@code --io} loads native libraries to see which
 *                     work); {@code null} to show the computed default
 */
public record TransportOption(String name, String label, String help, Supplier<String> defaultValue,
                              UnaryOperator<String> parser, String defaultInHelp) {

    /** A setting whose {@code --help} shows its computed default. */
    public TransportOption(String name, String label, String help, Supplier<String> defaultValue, UnaryOperator<String> parser) {
        this(name, label, help, defaultValue, parser, null);
    }

    /** The default as {@code --help} shows it: the described one, or the computed one ({@code null}: none). */
    public String defaultForHelp() {
        return defaultInHelp != null ? defaultInHelp : defaultValue.get();
    }

    /** A setting with a few named values, e.g. {@code --wait block|spin|hybrid}. */
    public static TransportOption choice(String name, String help, String defaultValue, String... values) {
        List<String> valid = Arrays.asList(values);
        String list = valid.size() == 2 ? valid.get(0) + " or " + valid.get(1)
                : String.join(", ", valid.subList(0, valid.size() - 1)) + " or " + valid.getLast();
        return new TransportOption(name, String.join("|", valid), help, () -> defaultValue, given -> {
            String value = given.trim().toLowerCase(Locale.ROOT);
            if (!valid.contains(value)) {
                throw new IllegalArgumentException("--" + name + " must be " + list + ", got '" + given + "'");
            }
            return value;
        });
    }

    /** A setting whose values are the constants of an enum, each typed as its {@link #key}. */
    public static <E extends Enum<E>> TransportOption choice(String name, String help, E defaultValue) {
        return choice(name, help, key(defaultValue),
                Arrays.stream(defaultValue.getDeclaringClass().getEnumConstants()).map(TransportOption::key).toArray(String[]::new));
    }

    /** How an enum constant is typed and shown: its name in lower case, {@code io_uring}. */
    public static String key(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant of {@code type} whose {@link #key} is {@code key} (a value this option has checked). */
    public static <E extends Enum<E>> E constant(Class<E> type, String key) {
        return Enum.valueOf(type, key.toUpperCase(Locale.ROOT));
    }

    /** The value of this setting in {@code spec}: what the user gave, checked, or the default. */
    public String valueIn(RunSpec spec) {
        String given = spec.settings().get(name);
        return given != null ? parser.apply(given) : defaultValue.get();
    }

    /**
     * The entries of {@code settings} (a run's, defaults filled in) whose value is not the default
     * of its option among {@code options}: what makes this run differ from a plain one.
     */
    public static Map<String, String> notDefault(List<TransportOption> options, Map<String, String> settings) {
        Map<String, String> different = new TreeMap<>(settings);
        for (TransportOption option : options) {
            if (different.containsKey(option.name()) && different.get(option.name()).equals(option.defaultValue().get())) {
                different.remove(option.name());
            }
        }
        return different;
    }

    /**
     * {@code spec} with every one of {@code options} checked and in its recorded form, and the
     * defaults filled in, so that the report shows every setting the run used.
     *
     * @throws IllegalArgumentException naming the option and its valid range
     */
    public static RunSpec applyAll(List<TransportOption> options, RunSpec spec) {
        Map<String, String> settings = new TreeMap<>(spec.settings());
        for (TransportOption option : options) {
            String value = option.valueIn(spec);
            if (value != null) {
                settings.put(option.name(), value);
            }
        }
        return spec.withSettings(settings);
    }
}
