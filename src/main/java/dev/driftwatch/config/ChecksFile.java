package dev.driftwatch.config;

import java.util.List;

/** The whole of checks.yaml: HTTP settings shared by every check, alerting, dated notices, retention, and the pinned contracts. */
public record ChecksFile(Integer version, HttpSettings http, AlertsConfig alerts, NoticesConfig notices, RetentionConfig retention,
                         List<ContractConfig> contracts) {
    public ChecksFile {
        version = version == null ? 1 : version;
        http = http == null ? HttpSettings.DEFAULTS : http;
        alerts = alerts == null ? AlertsConfig.DEFAULTS : alerts;
        notices = notices == null ? NoticesConfig.DEFAULTS : notices;
        retention = retention == null ? RetentionConfig.DEFAULTS : retention;
        contracts = contracts == null ? List.of() : List.copyOf(contracts);
    }
}
