package dev.driftwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driftwatch.testing.FakeProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * A report that cannot be written must not hide the verdicts: CI branches on exit 1 for BROKEN, and an exit 4
 * for a mistyped {@code --junit} path would turn a broken contract into "driftwatch could not run".
 */
class UnwritableReportTest extends CliScenarioTest {
    @Test
    void aJunitPathThatIsADirectoryKeepsTheBrokenExitCode() throws IOException {
        provider.models = List.of("gpt-image-2.5");
        Path directory = Files.createDirectories(dir.resolve("reports"));
        CliRun run = verify("--junit", directory.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN      wisgate-gpt-image-2/production/models");
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("driftwatch: cannot write the JUnit report to " + directory)
                .endsWith("Is a directory) — pass a writable path to --junit; the verdicts stand and set the exit code");
    }

    @Test
    void aJunitPathUnderAFileKeepsTheUnverifiedExitCode() throws IOException {
        provider.override(FakeProvider.MODELS, r -> new MockResponse.Builder().code(503).build());
        Path notADirectory = Files.writeString(dir.resolve("reports"), "a file, not a directory");
        Path junit = notADirectory.resolve("driftwatch.xml");
        CliRun run = verify("--env", "production", "--format", "json", "--junit", junit.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\"verdict\" : \"UNVERIFIED\"");
        assertThat(run.err().lines()).singleElement().asString().startsWith("driftwatch: cannot write the JUnit report to " + junit);
    }

    @Test
    void aJunitReportThatCannotBeWrittenOnAHealthyRunStillExitsZero() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("reports"));
        CliRun run = verify("--junit", directory.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("cannot write the JUnit report");
    }

    @Test
    void aReportThatCannotReachStdoutIsSaidOnStderrAndTheExitCodeIsTheVerdicts() {
        provider.models = List.of("gpt-image-2.5");
        // stdout closed under us, as when the reader of a pipe has gone away.
        OutputStream closedPipe = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"verify", "--config", ws.config.toString()}, env, new PrintWriter(closedPipe, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .isEqualTo("driftwatch: cannot write the text report to stdout — the verdicts are recorded in the audit trail (driftwatch audit last-verified)");
    }
}
