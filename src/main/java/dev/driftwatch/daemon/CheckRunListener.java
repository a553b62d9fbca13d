package dev.driftwatch.daemon;

import dev.driftwatch.check.Verdict;

/** Told of every scheduled check run once its verdict is recorded (metrics, logs); must not throw. */
public interface CheckRunListener {
    void checkFinished(Verdict verdict);
}
