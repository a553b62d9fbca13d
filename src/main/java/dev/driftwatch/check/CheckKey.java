package dev.driftwatch.check;

/** Names one check of one contract in one environment: the unit of history, scheduling and alerting. */
public record CheckKey(String contract, String environment, String check) {
    @Override
    public String toString() {
        return contract + "/" + environment + "/" + check;
    }
}
