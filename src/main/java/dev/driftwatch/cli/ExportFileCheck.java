package dev.driftwatch.cli;

import dev.driftwatch.audit.ChainHead;
import dev.driftwatch.audit.ChainKey;
import dev.driftwatch.audit.ChainReport;
import dev.driftwatch.audit.ExportFormatException;
import dev.driftwatch.audit.ExportVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
        try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file))) {
            // Malformed UTF-8 is refused, not replaced: a replaced byte would show as an edit of that record.
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
            report = new ExportVerifier(key).verify(reader, published);
        } catch (NoSuchFileException e) {
            err.println("driftwatch: --file " + file + ": no such file — name a file written by 'driftwatch audit export', or - for standard input");
            return ExitCode.CONFIG;
        } catch (ExportFormatException e) {
            err.println("driftwatch: " + name + ": " + e.getMessage());
            return ExitCode.CONFIG;
        } catch (CharacterCodingException e) {
            err.println("driftwatch: " + name + ": not UTF-8 text — not an export of 'driftwatch audit export'");
            return ExitCode.CONFIG;
        } catch (ExportVerifier.HeadBeforeExport e) {
            err.println("driftwatch: --expect-head " + e.getMessage());
            return ExitCode.CONFIG;
        } catch (AccessDeniedException e) {
            err.println("driftwatch: cannot read " + name + ": permission denied");
            return ExitCode.FAILURE;
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
