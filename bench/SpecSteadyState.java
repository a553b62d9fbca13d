import dev.driftwatch.audit.AuditLocation;
import dev.driftwatch.audit.AuditTrail;
import dev.driftwatch.check.Check;
import dev.driftwatch.check.PlanRunner;
import dev.driftwatch.check.Redactor;
import dev.driftwatch.check.Verdict;
import dev.driftwatch.config.ConfigLoader;
import dev.driftwatch.config.LoadedConfig;
import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import dev.driftwatch.http.ProviderClient;
import dev.driftwatch.spec.SpecChecks;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Benchmark helper (not a test): the spec:<name> check of one contract as the long-lived daemon runs it. Loads
 * checks.yaml, opens the audit trail ($DRIFTWATCH_DATA) and builds the check ONCE, then runs it PASSES times, each
 * verdict recorded as the daemon does. The stand-in answers every request 200 with the same multi-megabyte body (no
 * ETag, so no 304): every run downloads the whole document and must notice it is the one already pinned.
 *
 *   java -cp target/driftwatch.jar bench/SpecSteadyState.java PASSES CHECKS_YAML CONTRACT_ID SPEC_NAME
 *
 * One line per pass: `pass <i> cpu_ms=<n> wall_ms=<n> heap_peak_extra_mb=<n> verdict=<V>`. cpu_ms is the CPU time of
 * the whole process (every thread: the check, JIT, GC) during the run; heap_peak_extra_mb is the sum over the heap's
 * memory pools of the peak used during the run, minus what was used before it (after a GC): an upper bound of the
 * extra heap one run needs. Pass 1 reads the document for the first time (parse and pin); later passes are the
 * steady state.
 */
public final class SpecSteadyState {
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SpecSteadyState PASSES CHECKS_YAML CONTRACT_ID SPEC_NAME");
            System.exit(2);
        }
        int passes = Integer.parseInt(args[0]);
        Clock clock = Clock.systemUTC();
        LoadedConfig config = new ConfigLoader(System.getenv()).load(Path.of(args[1]));
        List<Contract> contracts = new ContractLoader().load(config);
        Contract contract = contracts.stream().filter(c -> c.id().equals(args[2])).findFirst().orElseThrow();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        try (AuditTrail audit = AuditTrail.openSqlite(AuditLocation.defaultFile(System.getenv()));
             PlanRunner runner = new PlanRunner(1, Redactor.none(), clock)) {
            ProviderClient client = new ProviderClient(config.file().http(), clock);
            Check check = new SpecChecks(client, audit, clock).checksFor(contract, contract.environments()).stream()
                    .filter(c -> c.key().check().equals("spec:" + args[3])).findFirst().orElseThrow();
            for (int i = 1; i <= passes; i++) {
                System.gc();
                long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                Verdict v = runner.runOne(check);
                audit.record(v);
                long wall = System.nanoTime() - wall0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("pass %d cpu_ms=%d wall_ms=%d heap_peak_extra_mb=%d verdict=%s%n", i, cpu / 1_000_000, wall / 1_000_000,
                        Math.max(0, peak - before) / (1024 * 1024), v.outcome());
                if (!v.holds()) {
                    System.out.println("  " + v.summary());
                }
            }
        }
    }
}
