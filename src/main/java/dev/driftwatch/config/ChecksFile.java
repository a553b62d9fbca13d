package dev.driftwatch.config;

import java.util.List;

/** The whole of checks.yaml: HTTP settings shared by every check, alerting, dated notices, the status pages, retention, where the audit trail lives, and the pinned contracts. */
public record ChecksFile(Integer version, HttpSettings http, AlertsConfig alerts, NoticesConfig notices, StatusConfig status,
                         RetentionConfig retention, AuditConfig audit,
                         List<ContractConfig> contracts) {
    public ChecksFile {
        version = version == null ? 1 : version;
        http = http == null ? HttpSettings.DEFAULTS : http;
        alerts = alerts == null ? AlertsConfig.DEFAULTS : alerts;
        notices = notices == null ? NoticesConfig.DEFAULTS : notices;
        status = status == null ? StatusConfig.DEFAULTS : status;
        retention = retention == null ? RetentionConfig.DEFAULTS : retention;
        audit = audit == null ? AuditConfig.DEFAULTS : audit;
        contracts = contracts == null ? List.of() : List.copyOf(contracts);
    }
}
