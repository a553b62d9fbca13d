package dev.driftwatch.config;

/**
 * The {@code status:} section: {@code externalUrl}, where people reach the daemon's status pages (through an
 * ingress or a proxy, often not the address it listens on); alerts link to each check's page under it. Unset: no
 * links, and the pages work all the same.
 */
public record StatusConfig(HttpAddress externalUrl) {
    public static final StatusConfig DEFAULTS = new StatusConfig(null);
}
