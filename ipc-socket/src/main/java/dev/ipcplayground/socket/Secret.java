package dev.ipcplayground.socket;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What serve and its producers share, so that only they can run: the bytes of a file both
 * hosts hold ({@code --secret-file}), which never cross the network.
 *
 * <p>The proof is a challenge and response. Serve sends every connection {@value #CHALLENGE_BYTES}
 * fresh random bytes; the producer answers with its hello and HMAC-SHA-256(secret, challenge ||
 * hello). Serve computes the same and compares in constant time ({@link MessageDigest#isEqual}),
 * so the time a refusal takes says nothing of how much of a guess was right. A recorded hello is
 * worth nothing to whoever replays it: the next connection gets another challenge.
 */
final class Secret {

    /** The challenge's length: 256 random bits, as many as the proof has. */
    static final int CHALLENGE_BYTES = 32;
    /** An HMAC-SHA-256 is 32 bytes; a producer without a secret sends 32 zeros. */
    static final int PROOF_BYTES = 32;
    /** The largest secret file: a key, not a document. */
    static final int MAX_BYTES = 4096;
    /** The fewest bytes a secret may have: 16 random bytes (128 bits) or a passphrase of as many characters. */
    static final int MIN_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private Secret(byte[] bytes) {
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /**
     * The secret in {@code file}: its bytes without a trailing line end (an editor's, or
     * {@code echo}'s), {@value #MIN_BYTES} to {@value #MAX_BYTES} of them.
     */
    static Secret read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException("--secret-file " + file + " holds " + size + " bytes; a secret has at most " + MAX_BYTES);
        }
        byte[] bytes = Files.readAllBytes(file);
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
            length--;
        }
        if (length < MIN_BYTES) {
            throw new IOException("--secret-file " + file + " holds " + length + " bytes; a secret needs at least " + MIN_BYTES
                    + " (head -c 32 /dev/urandom | base64 > FILE makes one)");
        }
        return new Secret(Arrays.copyOf(bytes, length));
    }

    /** Checks what a user typed for {@code --secret-file}: a file this process can read, holding a secret. */
    static String check(String given) {
        try {
            read(Path.of(given));
            return given;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(e instanceof java.nio.file.NoSuchFileException
                    ? "--secret-file " + given + ": no such file" : e.getMessage());
        }
    }

    /** A fresh challenge, for one connection. */
    static byte[] challenge() {
        byte[] challenge = new byte[CHALLENGE_BYTES];
        RANDOM.nextBytes(challenge);
        return challenge;
    }

    /** HMAC-SHA-256 of {@code challenge} then {@code hello}, under this secret. */
    byte[] proof(byte[] challenge, byte[] hello) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(challenge);
            return mac.doFinal(hello);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e); // every JDK has it: a broken runtime
        }
    }

    /** Whether {@code proof} is this secret's for {@code challenge} and {@code hello}, compared in constant time. */
    boolean proves(byte[] proof, byte[] challenge, byte[] hello) {
        return MessageDigest.isEqual(proof, proof(challenge, hello));
    }
}
