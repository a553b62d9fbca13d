package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.driftwatch.contract.Contract;
import dev.driftwatch.contract.ContractLoader;
import dev.driftwatch.testing.TestWorkspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A copy of the shipped checks.yaml to edit, and the one error line a mistake in it must produce. */
abstract class ChecksYamlTest {
    @TempDir
    Path dir;
    TestWorkspace ws;

    @BeforeEach
    void copyShippedFile() {
        ws = new TestWorkspace(dir);
    }

    List<Contract> load(Map<String, String> env) throws ConfigException {
        return new ContractLoader().load(new ConfigLoader(env).load(ws.config));
    }

    /** The one line the edited file is refused with. */
    String errorOf() {
        return errorOf(Map.of());
    }

    /** The one line the edited file is refused with, in this environment. */
    String errorOf(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(env));
        assertThat(e).as("checks.yaml should have been refused").isNotNull();
        assertThat(e.lines()).hasSize(1);
        return e.lines().get(0);
    }

    /** {@code FILE:LINE:COLUMN} of the first occurrence of text in checks.yaml. */
    String at(String text) {
        String[] lines = ws.configText().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int col = lines[i].indexOf(text);
            if (col >= 0) {
                return ws.config + ":" + (i + 1) + ":" + (col + 1);
            }
        }
        throw new IllegalArgumentException(text + " not in checks.yaml");
    }
}
