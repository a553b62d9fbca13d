package dev.driftwatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** One run of the driftwatch CLI in-process: exit code, stdout, stderr. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** An environment with nothing but the data directory {@code <dir>/data}, to add to: no provider, no key. */
    static Map<String, String> dataOnlyEnv(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("DRIFTWATCH_DATA", dir.resolve("data").toString());
        return env;
    }
}
