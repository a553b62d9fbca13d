package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A checks.yaml without an {@code alerts:} section gets every default, the grouping window included. */
class AlertsConfigDefaultsTest {
    @Test
    void withoutAnAlertsSectionTheGroupWaitIsTheDefault() {
        assertThat(AlertsConfig.DEFAULTS.groupWait()).isEqualTo(AlertsConfig.DEFAULT_GROUP_WAIT).isNotNull();
        assertThat(new ChecksFile(null, null, null, null, null, null, null, null).alerts().groupWait()).isNotNull();
    }
}
