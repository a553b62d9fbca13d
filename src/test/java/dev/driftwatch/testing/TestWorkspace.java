package dev.driftwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory holding the shipped checks.yaml and schemas/, with test-sized timeouts and retry
 * delays, so scenarios run against the real contract file without waiting seconds.
 */
public final class TestWorkspace {
    public final Path dir;
    public final Path config;

    public TestWorkspace(Path dir) {
        this.dir = dir;
        this.config = dir.resolve("checks.yaml");
        try {
            Path schemas = dir.resolve("schemas");
            Files.createDirectories(schemas);
            try (Stream<Path> files = Files.list(Path.of("schemas"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, schemas.resolve(f.getFileName()));
                }
            }
            String shipped = Files.readString(Path.of("checks.yaml"));
            writeConfig(testSized(shipped));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped file with short timeouts and retry delays; nothing else changes. */
    public static String testSized(String yaml) {
        return yaml.replace("readTimeout: 30s", "readTimeout: 1s")
                .replace("callTimeout: 60s", "callTimeout: 5s")
                .replace("baseDelay: 500ms", "baseDelay: 10ms")
                .replace("maxDelay: 8s", "maxDelay: 40ms")
                .replace("maxRetryAfter: 60s", "maxRetryAfter: 3s")
                .replace("timeout: 180s", "timeout: 2s");
    }

    public String configText() {
        try {
            return Files.readString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestWorkspace writeConfig(String text) {
        try {
            Files.writeString(config, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text in checks.yaml; fails loudly if the text is not there. */
    public TestWorkspace edit(String from, String to) {
        String text = configText();
        if (!text.contains(from)) {
            throw new IllegalArgumentException("checks.yaml has no '" + from + "'");
        }
        return writeConfig(text.replace(from, to));
    }

    /** Replaces the shipped {@code alerts:} section with {@code body} (the lines under {@code alerts:}). */
    public TestWorkspace alerts(String body) {
        String text = configText();
        int start = text.indexOf("\nalerts:\n");
        int end = text.indexOf("\ncontracts:\n");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("checks.yaml has no alerts: section before contracts:");
        }
        return writeConfig(text.substring(0, start) + "\nalerts:\n" + body + text.substring(end));
    }

    /** Every byte of the data directory (the SQLite file, its WAL), as text: what a secret must never be found in. */
    public String dataFilesText() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("data"))) {
            for (Path f : files.toList()) {
                out.append(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Where a provider stand-in listens. */
    public interface Provider {
        String baseUrl();
    }

    /** The environment of a driftwatch process talking to the provider, with its key and data directory. */
    public Map<String, String> env(Provider provider) {
        Map<String, String> env = new HashMap<>();
        env.put("WISGATE_API_BASE", provider.baseUrl());
        env.put("WISGATE_DOCS_BASE", provider.baseUrl());
        env.put("OPENAI_SPEC_URL", provider.baseUrl() + "/openai/openapi.yaml");
        env.put("WISGATE_API_KEY", FakeProvider.KEY);
        env.put("DRIFTWATCH_DATA", dir.resolve("data").toString());
        return env;
    }
}
