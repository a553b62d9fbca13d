package dev.driftwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The audit trail skips Flyway when the file is at SCHEMA_VERSION; a new migration must move it too. */
class SchemaVersionTest {

    @Test
    void schemaVersionNamesTheNewestMigration() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            String newest = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> n.substring(1, n.indexOf("__")))
                    .max(Comparator.comparingInt(Integer::parseInt)).orElseThrow();
            assertThat(SqliteFile.SCHEMA_VERSION).isEqualTo(newest);
        }
    }
}
