package dev.driftwatch.cli;

import dev.driftwatch.check.CheckKey;
import java.util.List;

/**
 * Finds the one check a command names ({@code --check}, {@code --contract}, {@code --env}) among those the audit
 * trail holds verdicts of. None or several is the asker's mistake (exit 2), said in one line with what the trail
 * does hold, so the next try can be right.
 */
record RecordedCheck(CheckKey key, String problem) {

    static RecordedCheck find(List<CheckKey> recorded, String check, String contract, String environment) {
        if (recorded.isEmpty()) {
            return problem("no check '" + check + "' in the audit trail: it holds no verdicts yet — run 'driftwatch verify' first");
        }
        List<CheckKey> sameCheck = recorded.stream().filter(k -> k.check().equals(check)).toList();
        if (sameCheck.isEmpty()) {
            return problem("no check '" + check + "' in the audit trail — use one of: "
                    + String.join(", ", recorded.stream().map(CheckKey::check).distinct().toList()));
        }
        List<CheckKey> matching = sameCheck.stream()
                .filter(k -> (contract == null || k.contract().equals(contract)) && (environment == null || k.environment().equals(environment)))
                .toList();
        if (matching.isEmpty()) {
            return problem("no verdicts of " + check + (contract == null ? "" : " of " + contract) + (environment == null ? "" : " in " + environment)
                    + " — it is recorded as " + names(sameCheck));
        }
        if (matching.size() > 1) {
            return problem(check + " is recorded for several: " + names(matching) + " — name one with --contract and --env");
        }
        return new RecordedCheck(matching.get(0), null);
    }

    /**
     * The checks a listing names: the one {@code --check} names (see {@link #find}), or every check of {@code contract}
     * and {@code environment} (null: any); answers the problem line instead when none matches.
     */
    static Selection select(List<CheckKey> recorded, String check, String contract, String environment) {
        if (check != null) {
            RecordedCheck one = find(recorded, check, contract, environment);
            return one.problem() != null ? new Selection(List.of(), one.problem()) : new Selection(List.of(one.key()), null);
        }
        List<CheckKey> matching = recorded.stream()
                .filter(k -> (contract == null || k.contract().equals(contract)) && (environment == null || k.environment().equals(environment)))
                .toList();
        if (!recorded.isEmpty() && matching.isEmpty()) {
            return new Selection(List.of(), "driftwatch: no verdicts" + (contract == null ? "" : " of contract '" + contract + "'")
                    + (environment == null ? "" : " in environment '" + environment + "'") + " in the audit trail — it holds "
                    + String.join(", ", recorded.stream().map(k -> k.contract() + "/" + k.environment()).distinct().toList()));
        }
        return new Selection(matching, null);
    }

    /** The checks a listing covers, or the line that says why none. */
    record Selection(List<CheckKey> keys, String problem) {
    }

    private static RecordedCheck problem(String line) {
        return new RecordedCheck(null, "driftwatch: " + line);
    }

    private static String names(List<CheckKey> keys) {
        return String.join(", ", keys.stream().map(CheckKey::toString).toList());
    }
}
