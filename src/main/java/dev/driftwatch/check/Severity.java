package dev.driftwatch.check;

import java.util.Locale;

/** How much a finding matters: {@code error} breaks the contract, the others are release changes. */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
