import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Outcome;
import dev.driftwatch.check.Plan;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import dev.driftwatch.docs.DocsChecks;
import dev.driftwatch.http.ProviderClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Benchmark helper (not a test): the docs checks of one contract as a long-lived driftwatch process
 * runs them. Loads checks.yaml, opens the audit trail ($DRIFTWATCH_DATA) and builds the checks ONCE,
 * then runs every docs check of the contract PASSES times over (8 at a time, each verdict recorded,
 * each page fetched, normalized, its facts evaluated, its snapshot read and written, exactly as
 * `verify` does), and prints per pass the CPU time of the whole process (every thread: checks, JIT
 * compiler, GC) and the wall time.
 *
 *   java -cp target/driftwatch.jar bench/DocsSteadyState.java PASSES CHECKS_YAML CONTRACT_ID
 *
 * One line per pass: `pass <i> cpu_ms=<n> wall_ms=<n> checks=<n> pass=<n> unchanged=<n>`, where
 * pass counts PASS verdicts and unchanged those saying "no change in the watched text".
 */
public final class DocsSteadyState {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DocsSteadyState PASSES CHECKS_YAML CONTRACT_ID");
            System.exit(2);
        }
        int passes = Integer.parseInt(args[0]);
        Clock clock = Clock.systemUTC();
        LoadedConfig config = new ConfigLoader(System.getenv()).load(Path.of(args[1]));
        List<Contract> contracts = new ContractLoader().load(config);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (AuditTrail audit = AuditTrail.openSqlite(AuditLocation.defaultFile(System.getenv()));
             PlanRunner runner = new PlanRunner(8, Redactor.none(), clock)) {
            ProviderClient client = new ProviderClient(config.file().http(), clock);
            Plan plan = Plan.of(contracts, List.of(new DocsChecks(client, audit, clock)), args[2], null);
            for (int i = 1; i <= passes; i++) {
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                List<Verdict> verdicts = runner.runAll(plan.checks(), audit::record);
                long wall = System.nanoTime() - wall0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long pass = verdicts.stream().filter(v -> v.outcome() == Outcome.PASS).count();
                long unchanged = verdicts.stream().filter(v -> v.summary().contains("no change in the watched text")).count();
                System.out.printf("pass %d cpu_ms=%d wall_ms=%d checks=%d pass=%d unchanged=%d%n",
                        i, cpu / 1_000_000, wall / 1_000_000, verdicts.size(), pass, unchanged);
                if (pass != verdicts.size()) {
                    verdicts.stream().filter(v -> v.outcome() != Outcome.PASS).limit(5)
                            .forEach(v -> System.out.println("  " + v.outcome() + " " + v.key() + " " + v.summary()));
                }
            }
        }
        System.exit(0); // OkHttp's idle connection pool would keep the JVM alive for minutes
    }
}
