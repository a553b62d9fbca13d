package dev.driftwatch.api;

import dev.driftwatch.check.CheckRun;
import dev.driftwatch.check.Evidence;
import dev.driftwatch.check.Finding;
import dev.driftwatch.http.ProviderResponse;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every API response says besides its body: Deprecation and Sunset headers, rate limits
 * (and whether they dropped since the previous run), request ID, status and latency.
 */
final class ResponseNotices {
    private static final Pattern LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*?rel=\"?([a-z-]+)\"?");

    private ResponseNotices() {}

    /** Records evidence and adds release-change findings to the run. */
    static void inspect(ProviderResponse r, CheckRun run, Map<String, String> previousRateLimits, Instant now) {
        Map<String, String> limits = new TreeMap<>();
        r.headers().names().forEach(name -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("x-ratelimit-")) {
                limits.put(lower, r.header(name));
            }
        });
        Evidence e = run.evidence().withHttp(r.status(), r.latencyMs(), r.requestId()).with("url", r.url());
        if (r.attempts() > 1) {
            e = e.with("attempts", r.attempts());
        }
        if (!limits.isEmpty()) {
            e = e.with("rateLimits", limits);
        }
        run.evidence(e);

        String deprecation = r.header("Deprecation");
        if (deprecation != null) {
            run.add(Finding.warning("deprecation-announced", "header:Deprecation", "no Deprecation header",
                    DeprecationHeader.describe(deprecation) + link(r, "deprecation")));
        }
        String sunset = r.header("Sunset");
        if (sunset != null) {
            run.add(Finding.warning("sunset-announced", "header:Sunset", "no Sunset header",
                    SunsetHeader.describe(sunset, now) + link(r, "sunset")));
        }
        limits.forEach((name, value) -> {
            if (!name.startsWith("x-ratelimit-limit-")) {
                return;
            }
            Long now2 = number(value);
            Long before = number(previousRateLimits.get(name));
            if (now2 != null && before != null && now2 < before) {
                run.add(Finding.warning("rate-limit-changed", "header:" + name, before + " (as at the previous run)", String.valueOf(now2)));
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
