package dev.driftwatch.http;

import okhttp3.Request;

/**
 * A GET that asks "not modified since my last reading?" with that reading's validators (RFC 9110 §13.1), so an
 * unchanged document costs a 304 instead of its body; without validators it is a plain GET.
 */
public final class ConditionalGet {
    private ConditionalGet() {
    }

    /** GET {@code url} accepting {@code accept}, conditional on {@code etag} and {@code lastModified} when given (either may be null). */
    public static Request of(String url, String accept, String etag, String lastModified) {
        Request.Builder request = new Request.Builder().url(url).get().header("Accept", accept);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        return request.build();
    }
}
