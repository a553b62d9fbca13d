package dev.driftwatch.audit;

/**
 * The checks that have rows in a table, as a common table expression {@code k(c, e, n)} (contract, environment,
 * check) that skips from one check to the next in an index starting with (contract, environment, check_name): a
 * thousand checks cost a few thousand index seeks, however many millions of rows they have. {@code GROUP BY} or
 * {@code DISTINCT} would read every entry of the index (over a second at ten million verdicts), and SQLite does not
 * skip on its own. Done in SQL rather than a loop of JDBC calls: each call costs more than the seek it makes.
 */
final class DistinctChecks {
    /** The rows of the check {@code k} is on, in a query that follows {@link #in}. */
    static final String SAME_CHECK = "contract = k.c AND environment = k.e AND check_name = k.n";

    private DistinctChecks() {
    }

    /** The checks of the verdicts table, skipping through its narrowest index that starts with the check. */
    static String ofVerdicts() {
        return in("verdicts", "verdicts_by_check");
    }

    /**
     * {@code WITH RECURSIVE k(c, e, n) AS (…)} over {@code table}, a constant of the calling store with an integer key
     * {@code id}, skipping through {@code index} (named: the planner may take a wider index that starts the same way,
     * and read more pages for each seek).
     */
    static String in(String table, String index) {
        String seek = "SELECT id FROM " + table + " INDEXED BY " + index + " WHERE ";
        return "WITH RECURSIVE k(c, e, n) AS ("
                + " SELECT contract, environment, check_name FROM (SELECT contract, environment, check_name FROM " + table
                + "  INDEXED BY " + index + " ORDER BY contract, environment, check_name LIMIT 1) AS first"
                + " UNION ALL"
                + " SELECT x.contract, x.environment, x.check_name FROM k JOIN " + table + " x ON x.id = coalesce("
                + "  (" + seek + "contract = k.c AND environment = k.e AND check_name > k.n ORDER BY check_name LIMIT 1),"
                + "  (" + seek + "contract = k.c AND environment > k.e ORDER BY environment, check_name LIMIT 1),"
                + "  (" + seek + "contract > k.c ORDER BY contract, environment, check_name LIMIT 1))"
                + ") ";
    }
}
