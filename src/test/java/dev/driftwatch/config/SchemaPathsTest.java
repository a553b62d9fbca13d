package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema files are read from the directory of checks.yaml (or below) unless DRIFTWATCH_SCHEMA_DIRS allows more. */
class SchemaPathsTest extends ChecksYamlTest {
    private static final String ERROR_SCHEMA = "error: schemas/error.schema.json";
    @TempDir
    Path elsewhere;

    private String remedy() {
        return " — keep schema files in " + ws.dir + " or below, or list their directory in DRIFTWATCH_SCHEMA_DIRS";
    }

    @Test
    void aRelativePathThatClimbsOutIsRefusedWithWhereItPoints() {
        ws.edit(ERROR_SCHEMA, "error: ../outside.json");
        assertThat(errorOf()).isEqualTo(at("../outside.json") + ": schema file ../outside.json is outside the directory of " + ws.config
                + " (it points to " + ws.dir.getParent().resolve("outside.json") + ")" + remedy());
    }

    @Test
    void anAbsolutePathElsewhereIsRefusedUnread() {
        ws.edit(ERROR_SCHEMA, "error: /etc/passwd");
        String error = errorOf();
        assertThat(error).isEqualTo(at("/etc/passwd") + ": schema file /etc/passwd is outside the directory of " + ws.config
                + " (it points to /etc/passwd)" + remedy());
        assertThat(error).doesNotContain("root:");
    }

    @Test
    void aSymbolicLinkThatLeadsOutIsRefused() throws Exception {
        Path outside = Files.copy(ws.dir.resolve("schemas/error.schema.json"), elsewhere.resolve("error.schema.json"));
        Files.createSymbolicLink(ws.dir.resolve("schemas/linked.json"), outside);
        ws.edit(ERROR_SCHEMA, "error: schemas/linked.json");
        assertThat(errorOf()).isEqualTo(at("schemas/linked.json") + ": schema file schemas/linked.json is outside the directory of " + ws.config
                + " (it points to " + outside.toRealPath() + ")" + remedy());
    }

    @Test
    void aDirectoryListedInDriftwatchSchemaDirsIsAllowed() throws Exception {
        Path outside = Files.copy(ws.dir.resolve("schemas/error.schema.json"), elsewhere.resolve("error.schema.json"));
        ws.edit(ERROR_SCHEMA, "error: " + outside);
        assertThat(load(Map.of("DRIFTWATCH_SCHEMA_DIRS", "/nonexistent:" + elsewhere))).singleElement()
                .satisfies(c -> assertThat(c.schemas().error().path()).isEqualTo(outside));
    }
}
