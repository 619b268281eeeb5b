package dev.ipcplayground.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Addresses as users type them, and what a run says of the consumer at one. */
class HostPortTest {

    @Test
    void aListenerMayAskForAnyPortButAConnectionNeedsARealOne() {
        assertThat(HostPort.parse("--listen", "0.0.0.0:0").port()).isZero();
        assertThatThrownBy(() -> HostPort.parseRemote("--connect", "127.0.0.1:0"))
                .hasMessage("--connect must be HOST:PORT with a port from 1 to 65535, got '127.0.0.1:0'");
        assertThat(HostPort.parseRemote("--connect", "10.0.0.2:7000")).isEqualTo(new HostPort("10.0.0.2", 7000));
    }

    @Test
    void aHostWithoutAnAddressIsRefusedBeforeAnythingStarts() {
        // "serve --listen nohost:1" once failed at bind time, exit 1, "cannot listen on nohost/<unresolved>:1: null"
        assertThatThrownBy(() -> HostPort.parse("--listen", "nohost.invalid:1"))
                .hasMessage("--listen nohost.invalid:1: no address is known for the host 'nohost.invalid'");
        assertThatThrownBy(() -> HostPort.parseRemote("--connect", "nohost.invalid:7000")).hasMessageContaining("no address is known");
        assertThat(HostPort.parse("--listen", "localhost:0").host()).isEqualTo("localhost");
    }

    @Test
    void aConsumerOnLoopbackIsOnThisHostNotAnother() {
        assertThat(RemoteRuns.where(new HostPort("127.0.0.1", 7000))).isEqualTo("on this host, at 127.0.0.1:7000");
        assertThat(RemoteRuns.where(new HostPort("10.77.0.2", 7000))).isEqualTo("at 10.77.0.2:7000");
    }
}
