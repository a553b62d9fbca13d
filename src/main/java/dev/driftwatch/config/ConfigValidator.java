package dev.driftwatch.config;

import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/** Checks what binding cannot: required keys, names, uniqueness, patterns. Collects every error. */
final class ConfigValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    /** The operations an OpenAPI path item can hold, in the order the OpenAPI specification lists them. */
    private static final List<String> SPEC_METHODS = List.of("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE");
    /** A spec operation as written: METHOD, one space, a path from '/' with no whitespace. */
    private static final Pattern OPERATION = Pattern.compile("([A-Za-z]+) (/\\S*)", Pattern.UNICODE_CHARACTER_CLASS);
    private final LoadedConfig loaded;
    private final List<ConfigError> errors = new ArrayList<>();

    ConfigValidator(LoadedConfig loaded) {
        this.loaded = loaded;
    }

    List<ConfigError> validate() {
        ChecksFile file = loaded.file();
        if (file.version() != 1) {
            error("/version", "unsupported version " + file.version(), "write 'version: 1'");
        }
        validateHttp(file.http());
        if (file.contracts().isEmpty()) {
            error("", "no contracts are declared", "add a 'contracts:' list with at least one contract");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < file.contracts().size(); i++) {
            validateContract(file.contracts().get(i), "/contracts/" + i, ids);
        }
        validateAlerts(file.alerts(), ids);
        validateNotices(file.notices());
        validateStatus(file.status());
        validateRetention(file.retention());
        validateAudit(file.audit());
        return errors;
    }

    /** A prefix that check pages are appended to: a query or a fragment would end up in the middle of every link. */
    private void validateStatus(StatusConfig status) {
        HttpAddress url = status.externalUrl();
        if (url != null && (url.uri().getRawQuery() != null || url.uri().getRawFragment() != null)) {
            error("/status/externalUrl", "externalUrl carries a query or a fragment (?… or #…)",
                    "write where the status page answers, up to its path only, e.g. https://driftwatch.example.com/");
        }
    }

    private void validateAlerts(AlertsConfig alerts, Set<String> contractIds) {
        SlackSettings slack = alerts.slack();
        String s = "/alerts/slack";
        if (slack.webhookUrlEnv() != null && slack.botTokenEnv() != null) {
            error(s, "alerts.slack names both webhookUrlEnv and botTokenEnv",
                    "keep one: webhookUrlEnv for an incoming webhook, or botTokenEnv with channel for threaded alerts");
        }
        envName(slack.webhookUrlEnv(), s + "/webhookUrlEnv", "SLACK_WEBHOOK_URL", "webhook URL");
        envName(slack.botTokenEnv(), s + "/botTokenEnv", "SLACK_BOT_TOKEN", "bot token");
        if (slack.botTokenEnv() != null && (slack.channel() == null || slack.channel().isBlank())) {
            missing(s, "channel", "the channel the bot posts to, e.g. \"#ai-contracts\"");
        }
        if (slack.channel() != null && slack.botTokenEnv() == null) {
            error(s + "/channel", "a channel needs a bot token; a webhook posts to the channel it was made for",
                    "add botTokenEnv: SLACK_BOT_TOKEN, or remove channel");
        }
        positive(slack.timeout(), s + "/timeout");
        alerts.routes().forEach((contract, route) -> {
            String p = SourceMap.child("/alerts/routes", contract);
            if (!contractIds.contains(contract)) {
                errors.add(new ConfigError(loaded.sourceMap().keyAt(p), "route for unknown contract '" + contract + "'",
                        "use a contract id declared under contracts: " + String.join(", ", contractIds.stream().sorted().toList())));
            }
            if (route == null || (route.channel() == null) == (route.webhookUrlEnv() == null)) {
                error(p, "route of '" + contract + "' must have exactly one of channel and webhookUrlEnv",
                        "write e.g. '{ channel: \"#team-images\" }' or '{ webhookUrlEnv: TEAM_WEBHOOK_URL }'");
                return;
            }
            if (!slack.configured()) {
                error(p, "a route needs alerts.slack", "configure alerts.slack (webhookUrlEnv or botTokenEnv) first");
            }
            if (route.channel() != null && slack.botTokenEnv() == null) {
                error(p + "/channel", "a route to a channel needs alerts.slack.botTokenEnv", "add a bot token, or route with webhookUrlEnv");
            }
            envName(route.webhookUrlEnv(), p + "/webhookUrlEnv", "TEAM_WEBHOOK_URL", "webhook URL");
        });
        validateThresholds(alerts.defaults(), "/alerts/defaults");
        if (alerts.groupWait().duration().isNegative() || alerts.groupWait().duration().compareTo(java.time.Duration.ofMinutes(10)) > 0) {
            error("/alerts/groupWait", "groupWait must be between 0s and 10m", "write e.g. 30s; 0s sends each alert on its own at once");
        }
    }

    private void validateNotices(NoticesConfig notices) {
        for (int i = 0; i < notices.remindBefore().size(); i++) {
            positive(notices.remindBefore().get(i), "/notices/remindBefore/" + i);
        }
    }

    private void validateRetention(RetentionConfig retention) {
        int days = retention.rawDays();
        if (days < 1 || days > RetentionConfig.MAX_RAW_DAYS) {
            error("/retention/rawDays", "rawDays must be a whole number of days from 1 to " + RetentionConfig.MAX_RAW_DAYS + ", got " + days,
                    "write e.g. 90 (the default): PASS verdicts of older days are folded into one row per check and day");
        }
    }

    /**
     * A shared trail's database: PostgreSQL only, named by a JDBC URL without credentials (they come from the variables
     * the section names; a password found in the URL is refused without being repeated).
     */
    private void validateAudit(AuditConfig audit) {
        if (audit.url() != null) {
            String url = audit.url().strip();
            if (AuditConfig.carriesCredentials(url)) {
                error("/audit/url", "the database URL carries credentials", "remove them: the user and the password come from the variables named by"
                        + " audit.userEnv and audit.passwordEnv (" + audit.userEnv() + ", " + audit.passwordEnv() + ")");
            } else if (!url.startsWith("jdbc:postgresql://")) {
                error("/audit/url", quoted("/audit/url", url) + " is not a PostgreSQL JDBC URL",
                        "write jdbc:postgresql://HOST:5432/DATABASE, or leave audit.url out for the embedded SQLite file");
            }
        }
        for (String[] variable : new String[][] {{"userEnv", audit.userEnv()}, {"passwordEnv", audit.passwordEnv()}}) {
            if (!ENV_VAR.matcher(variable[1]).matches()) {
                error("/audit/" + variable[0], quoted("/audit/" + variable[0], variable[1]) + " is not an environment variable name",
                        "write the NAME of the variable, e.g. " + (variable[0].equals("userEnv") ? AuditConfig.DEFAULT_USER_ENV : AuditConfig.DEFAULT_PASSWORD_ENV));
            }
        }
    }

    /** A check's or the defaults' alert thresholds: counts of one or more, durations above zero. */
    private void validateThresholds(AlertThresholds t, String at) {
        if (t == null) {
            return;
        }
        atLeastOne(t.failureThreshold(), at + "/failureThreshold", "1 alerts on the first BROKEN verdict");
        atLeastOne(t.unverifiedThreshold(), at + "/unverifiedThreshold", "3 lets a network blip pass");
        atLeastOne(t.successThreshold(), at + "/successThreshold", "1 resolves on the first PASS");
        if (t.remindEvery() != null) {
            t.remindEvery().duration().ifPresent(d -> {
                if (d.isZero() || d.isNegative()) {
                    error(at + "/remindEvery", "remindEvery must be above zero", "write e.g. 24h, or off");
                }
            });
        }
        if (t.maxUnverified() != null) {
            positive(t.maxUnverified(), at + "/maxUnverified");
        }
    }

    private void atLeastOne(Integer n, String pointer, String example) {
        if (n != null && n < 1) {
            error(pointer, "the threshold must be 1 or more", "write a count of consecutive verdicts; " + example);
        }
    }

    private void envName(String name, String pointer, String example, String what) {
        if (name != null && !ENV_VAR.matcher(name).matches()) {
            // Never echo the value: someone may have pasted the URL or token itself here.
            error(pointer, "not a variable name", "write the NAME of the environment variable that holds the " + what
                    + " (e.g. " + example + "), never the " + what + " itself");
        }
    }

    private void validateHttp(HttpSettings http) {
        positive(http.connectTimeout(), "/http/connectTimeout");
        positive(http.readTimeout(), "/http/readTimeout");
        positive(http.callTimeout(), "/http/callTimeout");
        if (http.maxResponseSize().bytes() < 1024) {
            error("/http/maxResponseSize", "maxResponseSize is below 1KB", "raise it; images need several MB");
        }
        if (http.retries().maxAttempts() < 1 || http.retries().maxAttempts() > 10) {
            error("/http/retries/maxAttempts", "maxAttempts must be between 1 and 10", "use 1 to turn retries off, 3 is the default");
        }
        if (http.maxInFlight() < 1 || http.maxInFlight() > 1024) {
            error("/http/maxInFlight", "maxInFlight must be between 1 and 1024", "64 is the default");
        }
        if (http.maxInFlightPerHost() < 1 || http.maxInFlightPerHost() > http.maxInFlight()) {
            error("/http/maxInFlightPerHost", "maxInFlightPerHost must be between 1 and maxInFlight (" + http.maxInFlight() + ")",
                    "16 is the default; raise maxInFlight first");
        }
    }

    private void validateContract(ContractConfig c, String at, Set<String> ids) {
        if (required(c.id(), at, "id", "a short name such as wisgate-gpt-image-2")) {
            if (!ID.matcher(c.id()).matches()) {
                error(at + "/id", quoted(at + "/id", c.id()) + " is not a valid contract id", "use lower-case letters, digits, '.', '_' and '-'");
            } else if (!ids.add(c.id())) {
                error(at + "/id", quoted(at + "/id", c.id()) + " is the id of an earlier contract too", "give every contract its own id");
            }
        }
        required(c.model(), at, "model", "the model ID your code sends, e.g. gpt-image-2");
        if (c.modelFamily() != null) {
            regex(c.modelFamily(), at + "/modelFamily", "modelFamily");
        }
        if (c.endpoint() == null) {
            missing(at, "endpoint", "the pinned operation, e.g. 'endpoint: {method: POST, path: /v1/images/generations}'");
        } else {
            if (!METHODS.contains(c.endpoint().method().toUpperCase(Locale.ROOT))) {
                error(at + "/endpoint/method", quoted(at + "/endpoint/method", c.endpoint().method()) + " is not an HTTP method", "use one of GET, POST, PUT, PATCH, DELETE");
            }
            if (required(c.endpoint().path(), at + "/endpoint", "path", "the path, e.g. /v1/images/generations")
                    && !c.endpoint().path().startsWith("/")) {
                error(at + "/endpoint/path", "the endpoint path must start with '/'", "write it relative to baseUrl, e.g. /v1/images/generations");
            }
        }
        String scheme = c.auth().scheme();
        if (!scheme.equals("bearer") && !scheme.equals("header")) {
            error(at + "/auth/scheme", quoted(at + "/auth/scheme", scheme) + " is not an auth scheme", "use 'bearer' (Authorization: Bearer KEY) or 'header' (the key in the header named by 'header')");
        }
        validateEnvironments(c.environments(), at);
        if (c.request() == null || !c.request().isObject()) {
            error(c.request() == null ? at : at + "/request", "the pinned request is missing or not a mapping",
                    "write the JSON body your code sends as a YAML mapping under 'request:'");
        }
        if (c.schemas() == null) {
            missing(at, "schemas", "the request, response, error and models schema files");
        } else {
            String s = at + "/schemas";
            required(c.schemas().request(), s, "request", "the path of the request schema, e.g. schemas/images-generations.request.schema.json");
            required(c.schemas().response(), s, "response", "the path of the response schema");
            required(c.schemas().error(), s, "error", "the path of the error-envelope schema");
            required(c.schemas().models(), s, "models", "the path of the models-list schema");
        }
        Set<String> pages = new HashSet<>();
        for (int i = 0; i < c.docs().size(); i++) {
            DocsPage page = c.docs().get(i);
            String p = at + "/docs/" + i;
            if (required(page.name(), p, "name", "a short page name such as models")) {
                if (!ID.matcher(page.name()).matches()) {
                    error(p + "/name", quoted(p + "/name", page.name()) + " is not a valid docs page name", "use lower-case letters, digits, '.', '_' and '-'");
                } else if (!pages.add(page.name())) {
                    error(p + "/name", quoted(p + "/name", page.name()) + " names an earlier docs page too", "give every page its own name");
                }
            }
            if (page.url() == null) {
                missing(p, "url", "the page's absolute URL");
            }
            validateDocsPage(page, p);
            validateThresholds(page.alert(), p + "/alert");
        }
        Set<String> specs = new HashSet<>();
        for (int i = 0; i < c.specs().size(); i++) {
            SpecSource spec = c.specs().get(i);
            String p = at + "/specs/" + i;
            if (required(spec.name(), p, "name", "a short spec name such as openai")) {
                if (!ID.matcher(spec.name()).matches()) {
                    error(p + "/name", quoted(p + "/name", spec.name()) + " is not a valid spec name", "use lower-case letters, digits, '.', '_' and '-'");
                } else if (!specs.add(spec.name())) {
                    error(p + "/name", quoted(p + "/name", spec.name()) + " names an earlier spec too", "give every spec its own name");
                }
            }
            if (spec.url() == null) {
                missing(p, "url", "the absolute URL of the OpenAPI document (YAML or JSON)");
            }
            if (required(spec.operation(), p, "operation", "the operation the contract pins, as written in the spec, e.g. \"POST /images/generations\"")) {
                operation(spec.operation(), p + "/operation", "POST /images/generations");
            }
            if (spec.models() != null) {
                operation(spec.models(), p + "/models", "GET /models");
            }
            validateThresholds(spec.alert(), p + "/alert");
        }
        ChecksConfig checks = c.checks();
        if (!checks.models().path().startsWith("/")) {
            error(at + "/checks/models/path", "the models path must start with '/'", "write it relative to baseUrl, e.g. /v1/models");
        }
        if (!checks.endpoint().invalid().pointer().startsWith("/")) {
            error(at + "/checks/endpoint/invalid/pointer", quoted(at + "/checks/endpoint/invalid/pointer", checks.endpoint().invalid().pointer()) + " is not a JSON pointer",
                    "write a pointer into the pinned request such as /n");
        }
        if (checks.generation().dailyBudget() < 0) {
            error(at + "/checks/generation/dailyBudget", "dailyBudget cannot be negative", "use 0 to never spend, 1 (default) for one paid probe a day");
        }
        positive(checks.generation().timeout(), at + "/checks/generation/timeout");
        for (String check : List.of("models", "endpoint", "generation")) {
            validateThresholds(checks.alertOf(check), at + "/checks/" + check + "/alert");
        }
    }

    private void validateDocsPage(DocsPage page, String at) {
        for (int i = 0; i < page.ignore().size(); i++) {
            selector(page.ignore().get(i), at + "/ignore/" + i);
        }
        for (int i = 0; i < page.regions().size(); i++) {
            selector(page.regions().get(i), at + "/regions/" + i);
        }
        for (int i = 0; i < page.volatilePatterns().size(); i++) {
            regex(page.volatilePatterns().get(i), at + "/volatile/" + i, "a volatile pattern");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < page.facts().size(); i++) {
            DocsFact f = page.facts().get(i);
            String p = at + "/facts/" + i;
            if (required(f.name(), p, "name", "a short fact name such as lists-gpt-image-2")) {
                if (!names.add(f.name())) {
                    error(p + "/name", quoted(p + "/name", f.name()) + " names an earlier fact of this page too", "give every fact its own name");
                }
            }
            if (f.kind() == null) {
                errors.add(new ConfigError(loaded.sourceMap().keyAt(p), "fact " + (f.name() == null || fromEnvironment(p + "/name") ? "#" + (i + 1) : "'" + f.name() + "'")
                        + " must say how it is read with exactly one of contains, regex, selector, models, json, number",
                        "keep one of them, e.g. 'contains: gpt-image-2'"));
                continue;
            }
            if (f.regex() != null) {
                regex(f.regex(), p + "/regex", "the fact's regex");
            }
            if (f.in() != null) {
                selector(f.in(), p + "/in");
            }
            if (f.selector() != null) {
                selector(f.selector(), p + "/selector");
            }
            if (f.number() != null && f.number().selector() != null) {
                selector(f.number().selector(), p + "/number/selector");
            }
            if (f.json() != null && f.json().script() != null) {
                selector(f.json().script(), p + "/json/script");
            }
            if (f.models() != null) {
                regex(f.models(), p + "/models", "the models pattern");
            }
            if (f.number() != null) {
                if (f.number().selector() == null && f.number().regex() == null) {
                    error(p + "/number", "a number fact needs a selector, a regex, or both", "add e.g. 'regex: \\$([0-9.]+) per image'");
                } else if (f.number().regex() != null) {
                    regex(f.number().regex(), p + "/number/regex", "the number's regex");
                }
                if (f.expect() == null || !f.expect().isNumber()) {
                    error(f.expect() == null ? p : p + "/expect", "a number fact needs a numeric 'expect'", "add e.g. 'expect: 0.04' and a 'tolerance'");
                }
            }
            if (f.json() != null && (f.json().script() == null || f.json().pointer() == null || !f.json().pointer().startsWith("/"))) {
                error(p + "/json", "a json fact needs 'script' (a CSS selector of the <script>) and 'pointer' (a JSON pointer)",
                        "write e.g. 'json: {script: \"script#__NEXT_DATA__\", pointer: /props/pageProps/models}'");
            }
        }
    }

    /** An operation of an OpenAPI document as written in checks.yaml: {@code METHOD /path}, the path as the spec writes it. */
    private void operation(String text, String pointer, String example) {
        Matcher m = OPERATION.matcher(text);
        if (!m.matches()) {
            error(pointer, quoted(pointer, text) + " is not an operation (METHOD /path)",
                    "write the method, one space and the path as the spec writes it (from '/', no spaces), e.g. \"" + example + "\"");
        } else if (!SPEC_METHODS.contains(m.group(1).toUpperCase(Locale.ROOT))) {
            error(pointer, quoted(pointer, text) + " does not start with an HTTP method",
                    "use one of " + String.join(", ", SPEC_METHODS) + ", e.g. \"" + example + "\"");
        }
    }

    private void selector(String css, String pointer) {
        try {
            QueryParser.parse(css);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            // jsoup's message quotes the selector: left out when the selector came from a variable.
            String detail = fromEnvironment(pointer) ? "" : " (" + e.getMessage() + ")";
            error(pointer, quoted(pointer, css) + " is not a CSS selector" + detail, "write a jsoup CSS selector such as 'main', 'table.models td' or 'pre code'");
            return;
        }
        // jsoup compiles these with java.util.regex, which can backtrack for ever: user patterns run on RE2/J only.
        String lower = css.toLowerCase(Locale.ROOT);
        if (lower.contains(":matches") || lower.contains("~=")) {
            error(pointer, quoted(pointer, css) + " matches a regular expression (:matches…, [attr~=…]), which jsoup runs on Java's backtracking engine",
                    "select with plain CSS and read the text with a regex fact (RE2) instead");
        }
    }

    /** A pattern a user wrote: it must compile with RE2/J, the engine it runs on (see {@link UserRegex}). */
    private void regex(String pattern, String pointer, String what) {
        try {
            UserRegex.compile(pattern);
        } catch (PatternSyntaxException e) {
            // RE2's message quotes part of the pattern: left out when the pattern came from a variable.
            boolean show = !fromEnvironment(pointer);
            error(pointer, what + " is not a valid regular expression (RE2 syntax: " + UserRegex.reason(e, show) + ")", UserRegex.remedy(e, show));
        }
    }

    private void validateEnvironments(Map<String, EnvironmentConfig> environments, String at) {
        if (environments.isEmpty()) {
            missing(at, "environments", "at least one environment, e.g. 'production: {baseUrl: https://api.example.com, apiKeyEnv: EXAMPLE_API_KEY}'");
        }
        environments.forEach((name, env) -> {
            String p = SourceMap.child(at + "/environments", name);
            if (!ID.matcher(name).matches()) {
                errors.add(new ConfigError(loaded.sourceMap().keyAt(p), "environment name '" + name + "' is not a valid name",
                        "use lower-case letters, digits, '.', '_' and '-', e.g. production"));
            }
            if (env == null) {
                error(p, "environment '" + name + "' is empty", "give it a baseUrl and an apiKeyEnv");
                return;
            }
            if (env.baseUrl() == null) {
                missing(p, "baseUrl", "the API base URL, e.g. ${WISGATE_API_BASE:-https://api.wisgate.ai}");
            }
            if (required(env.apiKeyEnv(), p, "apiKeyEnv", "the NAME of the environment variable that holds the key, e.g. WISGATE_API_KEY")
                    && !ENV_VAR.matcher(env.apiKeyEnv()).matches()) {
                // Never echo the value: someone may have pasted the key itself here.
                error(p + "/apiKeyEnv", "apiKeyEnv is not a variable name",
                        "write the NAME of the environment variable that holds the key (e.g. WISGATE_API_KEY), never the key itself");
            }
        });
    }

    private void positive(TimeSpan span, String pointer) {
        if (span.duration().isZero() || span.duration().isNegative()) {
            error(pointer, "the duration must be above zero", "write e.g. 30s");
        }
    }

    private boolean required(String value, String parent, String key, String what) {
        if (value == null || value.isBlank()) {
            missing(parent, key, what);
            return false;
        }
        return true;
    }

    private void missing(String parent, String key, String what) {
        String child = SourceMap.child(parent, key);
        Position pos = loaded.sourceMap().keyAt(child);
        errors.add(new ConfigError(pos.equals(Position.UNKNOWN) ? loaded.sourceMap().keyAt(parent) : pos,
                "missing '" + key + "'" + (parent.isEmpty() ? "" : " in " + describe(parent)), "add " + what));
    }

    private String describe(String pointer) {
        return pointer.startsWith("/contracts/") ? "contract #" + (Integer.parseInt(pointer.split("/")[2]) + 1) + pointer.substring(("/contracts/" + pointer.split("/")[2]).length()) : pointer;
    }

    /** The value at pointer as an error may show it: quoted, or named by the variable it came from. */
    private String quoted(String pointer, String value) {
        return loaded.sourceMap().quoted(pointer, value);
    }

    private boolean fromEnvironment(String pointer) {
        return loaded.sourceMap().environmentText(pointer).isPresent();
    }

    private void error(String pointer, String problem, String remedy) {
        errors.add(loaded.errorAt(pointer, problem, remedy));
    }
}
