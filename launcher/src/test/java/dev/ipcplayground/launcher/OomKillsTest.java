package dev.ipcplayground.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who sent a SIGKILL: the kernel's out-of-memory killer counts its kills per cgroup. */
class OomKillsTest {

    @Test
    void theCountIsReadFromMemoryEvents() {
        assertThat(OomKills.count(List.of("low 0", "high 0", "max 3", "oom 2", "oom_kill 1", "oom_group_kill 0"))).isEqualTo(1);
        assertThat(OomKills.count(List.of("low 0"))).isEqualTo(-1);
    }

    @Test
    void aKillIsExplainedOnlyWhenTheCountCanBeRead() {
        assertThat(OomKills.explain(-1, 3)).isEmpty();
        assertThat(OomKills.explain(2, -1)).isEmpty();
        assertThat(OomKills.explain(2, 2)).startsWith(" (not by the kernel's out-of-memory killer");
        assertThat(OomKills.explain(2, 3)).startsWith(" by the kernel's out-of-memory killer (this cgroup's oom_kill count: 2 -> 3)");
    }
}
