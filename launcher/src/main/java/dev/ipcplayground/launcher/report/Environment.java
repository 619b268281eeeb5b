package dev.ipcplayground.launcher.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the numbers were measured: they mean little without it. */
public record Environment(String jdk, String cpu, int cores, String kernel, String os) {

    public static Environment current() {
        return new Environment(
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
