package dev.driftwatch.cli;

import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;
import org.sqlite.SQLiteJDBCLoader;

/**
 * On the second core, loads what a check run needs later but reading checks.yaml does not: the TLS
 * trust store, the SQLite driver with its native library, the image readers. A one-shot
 * {@code verify} in CI is mostly JVM start; doing these beside the config parsing instead of after
 * it takes a third off the wall time. Nothing here has an effect the real use would not have, and
 * a failure is left for the real use to report.
 */
final class Warmup {
    private Warmup() {}

    static void start() {
        Thread t = new Thread(Warmup::load, "warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void load() {
        try {
            // Building a client initialises OkHttp's TLS platform and the trust store; it opens nothing.
            new OkHttpClient.Builder().build();
            SQLiteJDBCLoader.initialize();
            Class.forName("com.zaxxer.hikari.HikariDataSource");
            ImageIO.getReaderFormatNames();
        } catch (Exception | LinkageError e) {
            // Deliberately quiet: the code that really needs these reports any failure with context.
        }
    }
}
