package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code status:} section: where people reach the status pages, which every Slack message then links to. */
class StatusConfigTest extends ChecksYamlTest {
    private static final String SHIPPED = "# status:\n#   externalUrl: https://driftwatch.example.com/";

    @Test
    void theShippedFileSetsNoExternalUrlSoMessagesCarryNoLink() throws Exception {
        assertThat(load().status().externalUrl()).isNull();
    }

    @Test
    void anExternalUrlWithAPathIsKeptAsWritten() throws Exception {
        ws.edit(SHIPPED, "status:\n  externalUrl: https://ops.example.com/driftwatch/");
        assertThat(load().status().externalUrl().toString()).isEqualTo("https://ops.example.com/driftwatch/");
    }

    @Test
    void anExternalUrlWithAQueryIsRefusedAtItsValueSinceEveryLinkWouldCarryIt() {
        ws.edit(SHIPPED, "status:\n  externalUrl: https://ops.example.com/?team=images");
        assertThat(errorOf()).isEqualTo(at("https://ops.example.com/?team=images") + ": externalUrl carries a query or a fragment (?… or #…)"
                + " — write where the status page answers, up to its path only, e.g. https://driftwatch.example.com/");
    }

    @Test
    void anExternalUrlThatIsNotOneIsRefusedAndCredentialsInItAreNeverEchoed() {
        ws.edit(SHIPPED, "status:\n  externalUrl: driftwatch.example.com");
        assertThat(errorOf()).startsWith(at("driftwatch.example.com") + ": 'driftwatch.example.com' is not an http(s) URL");
        ws.edit("externalUrl: driftwatch.example.com", "externalUrl: https://oncall:hunter2-fixture@ops.example.com/");
        assertThat(errorOf()).contains("the URL carries credentials").doesNotContain("hunter2-fixture");
    }

    private ChecksFile load() throws ConfigException {
        return new ConfigLoader(Map.of()).load(ws.config).file();
    }
}
