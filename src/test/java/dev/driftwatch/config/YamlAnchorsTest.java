package dev.driftwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Anchors, aliases and merge keys as Gatus users write them ({@code alert: *defaults}, {@code <<: *base}),
 * expanded with bounds, and one YAML document per file.
 */
class YamlAnchorsTest extends ChecksYamlTest {

    private static final String DEFAULTS = "  defaults:                             # for every check";
    private static final String GENERATION_ALERT = "        alert:\n          unverifiedThreshold: 2";

    private ChecksFile file() throws ConfigException {
        return new ConfigLoader(Map.of()).load(ws.config).file();
    }

    @Test
    void anchorsAliasesAndMergeKeysGiveTheSameConfigAsTheExpandedFile() throws Exception {
        String shipped = ws.configText();
        ws.edit(DEFAULTS, "  defaults: &defaults                   # for every check")
                // an alias of a list, and of a mapping merged under keys of its own
                .edit("        regions: [main]\n      - name: models", "        regions: &watched [main]\n      - name: models")
                .edit("        ignore: [\".cookie-banner\"]\n        regions: [main]", "        ignore: [\".cookie-banner\"]\n        regions: *watched")
                .edit("      - name: studio-image\n", "      - &studio\n        name: studio-image\n")
                .edit("      - name: gpt-image-2-prompts\n", "      - <<: *studio\n        name: gpt-image-2-prompts\n")
                .edit("/topics/gpt-image-2-prompts\n        schedule: \"0 35 */6 * * ?\"\n        regions: [main]\n",
                        "/topics/gpt-image-2-prompts\n        schedule: \"0 35 */6 * * ?\"\n")
                // a list of merged mappings: the first one that has a key wins, the mapping's own keys over all
                .edit("        path: /v1/models\n", "        path: /v1/models\n        alert: &strict { failureThreshold: 2 }\n")
                .edit("          value: 0\n", "          value: 0\n        alert: { <<: [*strict, *defaults], successThreshold: 3 }\n")
                .edit(GENERATION_ALERT, "        alert:\n          <<: *defaults\n          unverifiedThreshold: 2");
        ChecksFile anchored = file();

        ws.writeConfig(shipped)
                .edit("        path: /v1/models\n", "        path: /v1/models\n        alert: { failureThreshold: 2 }\n")
                .edit("          value: 0\n", "          value: 0\n        alert: { failureThreshold: 2, unverifiedThreshold: 3, successThreshold: 3,"
                        + " remindEvery: 24h, maxUnverified: 7d }\n")
                .edit(GENERATION_ALERT, "        alert:\n          failureThreshold: 1\n          successThreshold: 1\n          remindEvery: 24h\n"
                        + "          maxUnverified: 7d\n          unverifiedThreshold: 2");
        ChecksFile expanded = file();

        assertThat(anchored).isEqualTo(expanded);
        assertThat(anchored.contracts().get(0).checks().alertOf("endpoint").failureThreshold()).isEqualTo(2);
    }

    @Test
    void aMistakeInAnAnchoredValueIsReportedAtTheAnchorsDefinitionForEachUse() {
        ws.edit(DEFAULTS, "  defaults: &defaults                   # for every check")
                .edit("    failureThreshold: 1 ", "    failureThreshold: 0 ")
                .edit(GENERATION_ALERT, "        alert:\n          <<: *defaults\n          unverifiedThreshold: 2");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of()));
        assertThat(e.lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith(at("0                 # BROKEN") + ": the threshold must be 1 or more"));
    }

    @Test
    void billionLaughsIsRefusedQuicklyByTheExpansionLimit() {
        StringBuilder lols = new StringBuilder("lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            String prev = "*l" + (i - 1);
            lols.append("lol").append(i).append(": &l").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        ws.writeConfig(lols + ws.configText());

        String error = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> errorOf());
        assertThat(error).matches(java.util.regex.Pattern.quote(ws.config.toString()) + ":\\d+:\\d+: .*")
                .contains(": the aliases expand to more than 100000 values — ");
    }

    @Test
    void tooManyAliasesAreRefused() {
        ws.writeConfig("word: &w lol\nwords: [" + String.join(", ", java.util.Collections.nCopies(1001, "*w")) + "]\n" + ws.configText());
        assertThat(errorOf()).startsWith(ws.config + ":2:").contains(": more than 1000 aliases — ");
    }

    @Test
    void anAliasWithoutItsAnchorIsRefusedWhereItStands() {
        ws.edit(GENERATION_ALERT, "        alert: *defaults");
        assertThat(errorOf()).isEqualTo(at("*defaults") + ": alias *defaults names no anchor defined above it"
                + " — define it first with &defaults on the value to repeat, e.g. 'defaults: &defaults'");
    }

    @Test
    void aMergeKeyOfAnythingButMappingsIsRefused() {
        ws.edit(GENERATION_ALERT, "        alert:\n          <<: not-a-mapping\n          unverifiedThreshold: 2");
        assertThat(errorOf()).isEqualTo(at("not-a-mapping") + ": the merge key '<<' takes a mapping or a list of mappings"
                + " — write e.g. '<<: *defaults' or '<<: [*defaults, *strict]'");
    }

    @Test
    void aSecondDocumentIsRefusedWithItsLine() {
        String text = ws.configText();
        int line = (int) text.lines().count() + 1;
        ws.writeConfig(text + "---\nversion: 1\n");
        assertThat(errorOf()).isEqualTo(ws.config + ":" + line + ":1: a second YAML document — keep one document per file");
    }
}
