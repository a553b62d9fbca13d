package dev.driftwatch.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The front door: {@code java -jar driftwatch.jar <command>}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs one command with the given environment and streams; returns the exit code. Tests call this. */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        LogConfigurator.applyLevel(env);
        return DriftwatchCommand.commandLine(env, out, err).execute(args);
    }
}
