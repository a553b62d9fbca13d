package dev.driftwatch.alert;

import dev.driftwatch.check.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Names a CHANGED finding by what it says (rule, pointer, value), so the same news is announced once. */
final class Fingerprint {
    private Fingerprint() {}

    static String of(Finding f) {
        String text = nul(f.rule()) + "\n" + nul(f.pointer()) + "\n" + nul(f.actual());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String nul(String s) {
        return s == null ? "\u0000" : s;
    }
}
