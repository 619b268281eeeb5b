package dev.ipcplayground.socket;

import dev.ipcplayground.core.os.Libc;
import java.io.IOException;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXSocketCredentials;

/**
 * Who is at the other end of a Unix socket, as the kernel recorded it when the connection was
 * made ({@code SO_PEERCRED}): the peer cannot claim to be someone else.
 *
 * @param pid the peer's process id
 * @param uid the peer's user
 * @param gid the peer's group
 */
record PeerCredentials(long pid, long uid, long gid) {

    /**
     * Accepts the peer only if it runs as this process's user.
     *
     * @param who "the producer" or "the consumer", for the message
     * @throws IOException naming the peer's pid and user when it is someone else
     */
    static PeerCredentials check(AFUNIXSocketCredentials credentials, String who) throws IOException {
        if (credentials == null) {
            throw new IOException("the kernel gave no credentials for " + who + "'s end of the Unix socket: refused");
        }
        PeerCredentials peer = new PeerCredentials(credentials.getPid(), credentials.getUid(), credentials.getGid());
        long me = Libc.geteuid();
        if (peer.uid != me) {
            throw new IOException("refused a connection from pid " + peer.pid + " as " + who + ": it runs as uid " + peer.uid
                    + ", not as this user (uid " + me + "); only the same user may take part in a run");
        }
        return peer;
    }

    Map<String, String> facts() {
        return Map.of("peer-pid", Long.toString(pid), "peer-uid", Long.toString(uid));
    }
}
