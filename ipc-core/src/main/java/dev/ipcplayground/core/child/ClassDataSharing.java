package dev.ipcplayground.core.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Class data sharing for the child JVMs: each kind of child (a transport's producer, its consumer)
 * keeps an archive of the classes it loaded, which the next child of that kind maps instead of
 * loading and verifying them again ({@code -XX:+AutoCreateSharedArchive}, JDK 19 and later: made
 * at the first child's exit, made again whenever the class path or the JDK no longer match). A run
 * starts two or three JVMs one after the other, and this takes about a third off a short run's
 * wall time on a small VM; what a run measures, after its warm-up, is the same.
 *
 * <p>The archives go where the system property {@value #DIRECTORY_PROPERTY} says:
 * {@code bin/launcher} sets it to {@code launcher/target/cds}, next to the jar it builds (so
 * {@code mvn clean} removes them with the build), and the tests to their module's
 * {@code target/cds}. Unset, or not writable, and nothing is archived. The JDK archives classes
 * from jars only; a class path with a directory on it archives nothing and costs nothing.
 */
public final class ClassDataSharing {

    public static final String DIRECTORY_PROPERTY = "ipcpg.cds.dir";

    private ClassDataSharing() {}

    /** The JVM options of a child of kind {@code kind} ("shm-consumer"): none without a usable directory. */
    static List<String> options(String kind) {
        return options(kind, true);
    }

    /**
     * The same, for one of several children of one kind started at once (the producers of a run
     * with {@code --producers N}): only the first may write the archive ({@code writer}); the rest
     * map it when it is good and otherwise go without, so that no two JVMs write one file.
     */
    static List<String> options(String kind, boolean writer) {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isEmpty()) {
            return List.of();
        }
        Path dir = Path.of(directory);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return List.of();
        }
        if (!Files.isWritable(dir)) {
            return List.of();
        }
        Path archive = dir.resolve(kind + ".jsa");
        if (writer && olderThanTheClassPath(archive)) {
            // The JDK makes an archive at exit when there is none, but not when the one there no longer
            // matches the class path (a jar rebuilt): it then runs without, every time. Removed, it is made anew.
            try {
                Files.deleteIfExists(archive);
            } catch (IOException e) {
                return List.of();
            }
        }
        return List.of("-D" + DIRECTORY_PROPERTY + "=" + dir, // for a child's own child (the pipe's consumer)
                "-XX:SharedArchiveFile=" + archive, writer ? "-XX:+AutoCreateSharedArchive" : "-XX:-AutoCreateSharedArchive",
                // A stale archive is said at "error" level on stdout, which is the pipe's transport: quiet.
                "-Xlog:cds*=off,aot*=off");
    }

    /** Whether {@code archive} exists and a jar of this JVM's class path (the children's too) is newer than it. */
    static boolean olderThanTheClassPath(Path archive) {
        try {
            if (!Files.exists(archive)) {
                return false;
            }
            java.nio.file.attribute.FileTime made = Files.getLastModifiedTime(archive);
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry);
                if (entry.endsWith(".jar") && Files.exists(jar) && Files.getLastModifiedTime(jar).compareTo(made) > 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
