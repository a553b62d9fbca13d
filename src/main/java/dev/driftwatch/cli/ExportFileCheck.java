package dev.driftwatch.cli;

import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.audit.ExportFormatException;
import dev.driftwatch.audit.ExportVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code audit verify --file}: checks an export on its own, with no database (DRIFTWATCH_DATA may point nowhere). */
final class ExportFileCheck {
    /** Problems printed one per line; the rest are counted. */
    private static final int SHOWN = 20;

    private ExportFileCheck() {
    }

    /** {@code file} is a path, or {@code -} for standard input. */
    static int run(String file, ChainHead published, ChainKey key, InputStream stdin, PrintWriter out, PrintWriter err) {
        String name = "-".equals(file) ? "standard input" : file;
        ExportVerifier.Report report;
        if (!"-".equals(file) && Files.isDirectory(Path.of(file))) {
            err.println("driftwatch: --file " + file + ": a directory — name a file written by 'driftwatch audit export', or - for standard input");
            return ExitCode.CONFIG;
        }
        try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file))) {
            report = new ExportVerifier(key).verify(in, published);
        } catch (NoSuchFileException e) {
            err.println("driftwatch: --file " + file + ": no such file — name a file written by 'driftwatch audit export', or - for standard input");
            return ExitCode.CONFIG;
        } catch (ExportFormatException e) {
            err.println("driftwatch: " + name + ": " + e.getMessage());
            return ExitCode.CONFIG;
        } catch (ExportVerifier.HeadBeforeExport e) {
            err.println("driftwatch: --expect-head " + e.getMessage());
            return ExitCode.CONFIG;
        } catch (AccessDeniedException e) {
            // The input the user named, as a file that is not there: theirs to fix, not driftwatch failing.
            err.println("driftwatch: --file " + file + ": permission denied — make it readable by this user, or pipe it in with --file -");
            return ExitCode.CONFIG;
        } catch (IOException e) {
            err.println("driftwatch: cannot read " + name + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        ChainReport chain = report.chain();
        if (!chain.intact()) {
            out.println("export BROKEN: " + chain.first());
            chain.problems().stream().skip(1).limit(SHOWN - 1).forEach(p -> out.println("  also " + p));
            if (chain.problems().size() > SHOWN) {
                out.println("  and " + (chain.problems().size() - SHOWN) + " more");
            }
            out.println(chain.records() + " record(s) read, head " + chain.head()
                    + " — this copy is not what was exported: export again from the trail, or compare with another copy");
            return ExitCode.BROKEN;
        }
        if (chain.unverifiedKeyed() > 0) {
            err.println("driftwatch: " + chain.unverifiedKeyed() + " of " + chain.records() + " records are keyed and " + ChainKey.VARIABLE
                    + " is not set — set it to the key they were written with to check their links");
            return ExitCode.CONFIG;
        }
        ChainHead after = report.after();
        out.println("export intact: " + chain.records() + " record(s)"
                + (chain.records() == 0 ? "" : ", " + (after.seq() + 1) + " to " + chain.head().seq())
                + (after.seq() == 0 ? "" : ", following record " + after)
                + (chain.keyedRecords() > 0 ? ", " + chain.keyedRecords() + " keyed" : "")
                + ", head " + chain.head() + (published == null ? "" : ", reaches the published head " + published));
        return ExitCode.OK;
    }
}
