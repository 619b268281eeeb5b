package dev.ipcplayground.socket;

/** A TCP address as users type it: {@code HOST:PORT}, e.g. {@code 10.0.0.2:7000}. */
public record HostPort(String host, int port) {

    /**
     * An address to listen on: port 0 asks the kernel for any free one.
     *
     * @throws IllegalArgumentException naming the option and the expected form
     */
    public static HostPort parse(String option, String text) {
        return parse(option, text, 0);
    }

    /**
     * An address to connect to: a real port, 1 to 65535 (port 0 is "any" only to a listener; a
     * connection to it fails at run time, so it is refused here, before anything starts).
     */
    public static HostPort parseRemote(String option, String text) {
        return parse(option, text, 1);
    }

    private static HostPort parse(String option, String text, int lowestPort) {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (colon < 1 || port < lowestPort || port > 65535) {
                throw new NumberFormatException();
            }
            HostPort address = new HostPort(text.substring(0, colon), port);
            address.requireAddress(option);
            return address;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(option + " must be HOST:PORT with a port from " + lowestPort + " to 65535, got '"
                    + text + "'");
        }
    }

    /** The host's address now, before anything starts: a name that has none is bad input, not a failed run. */
    private void requireAddress(String option) {
        try {
            java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(option + " " + this + ": no address is known for the host '" + host + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
