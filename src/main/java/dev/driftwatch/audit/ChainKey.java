package dev.driftwatch.audit;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How each record is linked to the one before it: SHA-256, or HMAC-SHA-256 with a key from the environment, so that
 * rewriting the history needs the key and not only write access to the file. The key never leaves this class: not in
 * a message, not in {@link #toString()}.
 */
public final class ChainKey {
    /** The environment variable that holds the key. */
    public static final String VARIABLE = "DRIFTWATCH_AUDIT_KEY";
    /** Shorter keys are guessable; 32 characters is what {@code openssl rand -hex 16} prints. */
    static final int MIN_LENGTH = 32;
    /** The previous hash of the first record. */
    static final String GENESIS = "0".repeat(64);

    private static final ChainKey NONE = new ChainKey(null);
    private final byte[] key;
    /** A Mac is not thread-safe, and making one per record would cost more than the hash. */
    private final ThreadLocal<Mac> macs;

    private ChainKey(byte[] key) {
        this.key = key;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        });
    }

    /** No key: records are linked with plain SHA-256. */
    public static ChainKey none() {
        return NONE;
    }

    /**
     * The key in {@value #VARIABLE}, or none when it is unset or empty.
     *
     * @throws IllegalArgumentException (a usage error) when it is set but too short, with a message that names the variable, never the value
     */
    public static ChainKey fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(VARIABLE + " is set but has " + value.length() + " characters; use at least " + MIN_LENGTH
                    + " random ones, e.g. the output of 'openssl rand -hex 32', or unset it to chain with plain SHA-256");
        }
        return new ChainKey(value.getBytes(StandardCharsets.UTF_8));
    }

    public boolean present() {
        return key != null;
    }

    /** The hash of a record: over the previous record's hash and the digest of this one's canonical form. */
    String link(String previousHash, String digest, boolean keyed) {
        byte[] text = (previousHash + "\n" + digest).getBytes(StandardCharsets.UTF_8);
        if (!keyed) {
            return sha256(text);
        }
        if (key == null) {
            throw new IllegalStateException("a keyed record needs " + VARIABLE);
        }
        return HexFormat.of().formatHex(macs.get().doFinal(text));
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return key == null ? "SHA-256" : "HMAC-SHA-256 with " + VARIABLE;
    }
}
