package dev.driftwatch.daemon;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads checks.yaml when it changes. Watches its directory, not the file: editors save by writing a
 * new file and renaming it over the old one, and Kubernetes swaps a mounted ConfigMap through a
 * {@code ..data} symlink; both replace the directory entry. Waits until the directory has been quiet
 * for the debounce period, so a save in several steps is read once, whole.
 */
final class ConfigWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    private final Path file;
    private final Duration debounce;
    private final Runnable reload;
    private final Thread thread;
    private volatile WatchService service;

    ConfigWatcher(Path file, Duration debounce, Runnable reload) {
        this.file = file.toAbsolutePath();
        this.debounce = debounce;
        this.reload = reload;
        this.thread = new Thread(this::watch, "config-watch");
        this.thread.setDaemon(true);
    }

    void start() {
        Path dir = file.getParent();
        try {
            service = FileSystems.getDefault().newWatchService();
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch {} for changes ({}); reload with SIGHUP instead", dir, e.getMessage());
            return;
        }
        thread.start();
    }

    void stop() {
        thread.interrupt();
        WatchService s = service;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a watch has nothing left to lose
            }
        }
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = service.take();
                boolean ours = concernsFile(key);
                key.reset();
                if (!ours) {
                    continue;
                }
                // Quiet period: keep draining events until none comes for the debounce time.
                WatchKey more;
                while ((more = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                LOG.info("{} changed; reloading it", file);
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    LOG.error("reload after a change of {} failed", file, e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.nio.file.ClosedWatchServiceException e) {
            // stopped
        }
    }

    private boolean concernsFile(WatchKey key) {
        boolean ours = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                ours = true;
            } else if (event.context() instanceof Path name) {
                String n = name.toString();
                ours |= n.equals(file.getFileName().toString()) || n.startsWith("..");
            }
        }
        return ours;
    }
}
