package dev.driftwatch.check;

import java.util.List;

/** Replaces every known secret in a text by {@code [REDACTED]}; applied to all a verdict carries. */
public final class Redactor {
    public static final String MASK = "[REDACTED]";
    // Shorter values would mask innocent text and cannot be real keys anyway.
    private static final int MIN_SECRET_LENGTH = 6;
    private final List<String> secrets;

    public Redactor(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH).distinct().toList();
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /**
     * The values of the environment variables whose names say they hold a secret (…KEY, …TOKEN, …SECRET, …PASSWORD,
     * …WEBHOOK…): for text a person types (an acceptance's reason, an acknowledgement's note) where no checks.yaml says
     * which variables are secret, so a key pasted into the wrong place is not kept in the trail or sent to Slack.
     */
    public static Redactor ofSecretVariables(java.util.Map<String, String> env) {
        return new Redactor(env.entrySet().stream().filter(e -> SECRET_NAME.matcher(e.getKey()).find()).map(java.util.Map.Entry::getValue)
                .toList());
    }

    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile("KEY|TOKEN|SECRET|PASSWORD|WEBHOOK",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    public String apply(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
