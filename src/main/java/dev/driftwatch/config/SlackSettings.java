package dev.driftwatch.config;

/**
 * Where alerts go in Slack: an incoming webhook ({@code webhookUrlEnv}) or a bot token
 * ({@code botTokenEnv} + {@code channel}). Only the NAMES of the variables are written here; the
 * URL and the token are read from the environment when an alert is sent.
 */
public record SlackSettings(String webhookUrlEnv, String botTokenEnv, String channel, HttpAddress apiUrl, TimeSpan timeout) {
    public static final SlackSettings NONE = new SlackSettings(null, null, null, null, null);

    public SlackSettings {
        // GovSlack and test stand-ins answer the Web API elsewhere.
        apiUrl = apiUrl == null ? HttpAddress.parse("https://slack.com/api/") : apiUrl;
        timeout = timeout == null ? TimeSpan.of("10s") : timeout;
    }

    public boolean configured() {
        return webhookUrlEnv != null || botTokenEnv != null;
    }
}
