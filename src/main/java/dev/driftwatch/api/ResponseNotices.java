package dev.driftwatch.api;

import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.http.ProviderResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every API response says besides its body: Deprecation and Sunset headers (dated notices), rate limits
 * (and whether one is lower than the check knew), request ID, status and latency.
 */
final class ResponseNotices {
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*?rel=\"?([a-z-]+)\"?");
    /** Known-state subjects: a rate limit's last value, and the two headers' notices. */
    static final String RATE_LIMIT = "rate-limit:";
    static final String DEPRECATION = "notice:header:Deprecation";
    static final String SUNSET = "notice:header:Sunset";

    private ResponseNotices() {}

    /** Records evidence and adds the notices and release changes the headers carry to the run. */
    static void inspect(ProviderResponse r, CheckRun run, DatedNotices notices, String path) {
        Map<String, String> limits = new TreeMap<>();
        r.headers().names().forEach(name -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("x-ratelimit-")) {
                limits.put(lower, r.header(name));
            }
        });
        Evidence e = run.evidence().withHttp(r.status(), r.latencyMs(), r.requestId()).with(Evidence.URL, r.url());
        if (r.attempts() > 1) {
            e = e.with("attempts", r.attempts());
        }
        if (!limits.isEmpty()) {
            e = e.with("rateLimits", limits);
        }
        run.evidence(e);

        String deprecation = r.header("Deprecation");
        if (deprecation != null) {
            Optional<Instant> at = DeprecationHeader.date(deprecation);
            notices.judge(new DatedNotices.Notice(DEPRECATION, "deprecation-announced", null, "header:Deprecation",
                    "deprecation of " + path, at.orElse(null), "Deprecation: " + BodyClassifier.cut(deprecation.strip(), 60), link(r, "deprecation")));
        } else if (r.isSuccess()) {
            // Only a sound answer can withdraw a notice: an error page often lacks the headers.
            notices.withdrawn(DEPRECATION);
        }
        String sunset = r.header("Sunset");
        if (sunset != null) {
            Optional<Instant> at = SunsetHeader.date(sunset);
            notices.judge(new DatedNotices.Notice(SUNSET, "sunset-announced", "sunset-passed", "header:Sunset",
                    "sunset of " + path, at.orElse(null), "Sunset: " + BodyClassifier.cut(sunset.strip(), 60) + ", not an HTTP-date", link(r, "sunset")));
        } else if (r.isSuccess()) {
            notices.withdrawn(SUNSET);
        }
        limits.forEach((name, value) -> {
            if (!name.startsWith("x-ratelimit-limit-")) {
                return;
            }
            Long now = number(value);
            if (now == null) {
                return;
            }
            Long before = run.known().value(RATE_LIMIT + name).map(ResponseNotices::number).orElse(null);
            if (before != null && now < before) {
                run.change(RATE_LIMIT + name, String.valueOf(now),
                        Finding.warning("rate-limit-changed", "header:" + name, before + " (as known before)", String.valueOf(now)));
            } else {
                run.remember(RATE_LIMIT + name, String.valueOf(now));
            }
        });
    }

    private static String link(ProviderResponse r, String rel) {
        for (String header : r.headers().values("Link")) {
            Matcher m = LINK.matcher(header);
            while (m.find()) {
                if (m.group(2).equalsIgnoreCase(rel)) {
                    return " — see " + m.group(1);
                }
            }
        }
        return "";
    }

    private static Long number(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
