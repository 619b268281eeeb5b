package dev.ipcplayground.core.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child's archive that a rebuilt jar made stale: the JDK would neither use it nor make it anew,
 * so the child that may write it finds it removed, and makes a fresh one at its exit.
 */
class ClassDataSharingTest {

    @TempDir
    Path directory;

    @AfterEach
    void unset() {
        System.clearProperty(ClassDataSharing.DIRECTORY_PROPERTY);
    }

    @Test
    void anArchiveOlderThanAJarOfTheClassPathIsRemovedForTheChildThatWritesIt() throws Exception {
        System.setProperty(ClassDataSharing.DIRECTORY_PROPERTY, directory.toString());
        Path archive = Files.writeString(directory.resolve("pipe-consumer.jsa"), "stale");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(0)); // older than every jar the tests run with

        ClassDataSharing.options("pipe-consumer", false);
        assertThat(archive).as("a reader leaves it to the writer").exists();
        assertThat(ClassDataSharing.options("pipe-consumer", true)).contains("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive");
        assertThat(archive).as("removed, so that this child's exit makes it anew").doesNotExist();
    }

    @Test
    void aFreshArchiveIsKept() throws Exception {
        System.setProperty(ClassDataSharing.DIRECTORY_PROPERTY, directory.toString());
        Path archive = Files.writeString(directory.resolve("shm-producer.jsa"), "fresh"); // newer than every jar

        ClassDataSharing.options("shm-producer", true);
        assertThat(archive).exists();
    }
}
