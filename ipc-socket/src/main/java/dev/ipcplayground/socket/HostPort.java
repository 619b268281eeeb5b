package dev.ipcplayground.socket;

/** A TCP address as users type it: {@code HOST:PORT}, e.g. {@code 10.0.0.2:7000}. */
public record HostPort(String host, int port) {

    /** @throws IllegalArgumentException naming the option and the expected form */
    public static HostPort parse(String option, String text) {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (colon < 1 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(text.substring(0, colon), port);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(option + " must be HOST:PORT with a port from 0 to 65535, got '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
