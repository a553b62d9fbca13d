package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.HttpAccess.PASSWORD_ENV;
import static dev.driftwatch.daemon.HttpAccess.TOKEN_ENV;
import static dev.driftwatch.daemon.HttpAccess.USER_ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator sets in the environment, and what a scraper or a browser must send then. */
class HttpAccessTest {
    private static final String TOKEN = "tok-3f9a1c7e5b2d4a60";
    private static final String PASSWORD = "pw-8c1e0d2b";

    @Test
    void nothingSetLeavesEverythingOpen() {
        HttpAccess access = HttpAccess.fromEnv(Map.of(TOKEN_ENV, "  ", USER_ENV, ""));
        assertThat(access.required()).isFalse();
        assertThat(access.allows(null)).isTrue();
        assertThat(access.challenges()).isEmpty();
    }

    @Test
    void aTokenIsAcceptedAsABearerCredentialOnlyWhenItIsExactlyTheToken() {
        HttpAccess access = HttpAccess.fromEnv(Map.of(TOKEN_ENV, TOKEN + "\n")); // as a mounted secret file ends
        assertThat(access.required()).isTrue();
        assertThat(access.allows("Bearer " + TOKEN)).isTrue();
        assertThat(access.allows("bearer " + TOKEN)).as("the scheme is case-insensitive").isTrue();
        assertThat(access.allows(null)).isFalse();
        assertThat(access.allows("Bearer")).isFalse();
        assertThat(access.allows("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(access.allows("Bearer " + TOKEN + "x")).isFalse();
        assertThat(access.allows("Basic " + basic("anyone", TOKEN))).as("no basic auth configured").isFalse();
        assertThat(access.challenges()).containsExactly("Bearer realm=\"driftwatch\"");
    }

    @Test
    void aUserAndPasswordAreAcceptedAsBasicAuthenticationAndBothMustMatch() {
        HttpAccess access = HttpAccess.fromEnv(Map.of(USER_ENV, "oncall", PASSWORD_ENV, PASSWORD));
        assertThat(access.allows("Basic " + basic("oncall", PASSWORD))).isTrue();
        assertThat(access.allows("Basic " + basic("oncall", PASSWORD + "x"))).isFalse();
        assertThat(access.allows("Basic " + basic("someone", PASSWORD))).isFalse();
        assertThat(access.allows("Basic not-base64!")).isFalse();
        assertThat(access.allows("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(access.allows("Bearer " + PASSWORD)).isFalse();
        assertThat(access.challenges()).containsExactly("Basic realm=\"driftwatch\", charset=\"UTF-8\"");
    }

    @Test
    void withBothEitherCredentialIsAcceptedAndBothChallengesAreSent() {
        HttpAccess access = HttpAccess.fromEnv(Map.of(TOKEN_ENV, TOKEN, USER_ENV, "oncall", PASSWORD_ENV, PASSWORD));
        assertThat(access.allows("Bearer " + TOKEN)).isTrue();
        assertThat(access.allows("Basic " + basic("oncall", PASSWORD))).isTrue();
        assertThat(access.challenges()).hasSize(2);
    }

    @Test
    void aUserWithoutAPasswordOrTheReverseIsRefusedNamingTheVariablesNotTheirValues() {
        assertThatThrownBy(() -> HttpAccess.fromEnv(Map.of(USER_ENV, "oncall")))
                .hasMessageContaining(USER_ENV + " is set but " + PASSWORD_ENV + " is not").hasMessageNotContaining("oncall");
        assertThatThrownBy(() -> HttpAccess.fromEnv(Map.of(PASSWORD_ENV, PASSWORD)))
                .hasMessageContaining(PASSWORD_ENV + " is set but " + USER_ENV + " is not").hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> HttpAccess.fromEnv(Map.of(USER_ENV, "on:call", PASSWORD_ENV, PASSWORD)))
                .hasMessageContaining("contains ':'").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void itsTextSaysWhichSchemesAreOnAndNeverASecret() {
        String text = HttpAccess.fromEnv(Map.of(TOKEN_ENV, TOKEN, USER_ENV, "oncall", PASSWORD_ENV, PASSWORD)).toString();
        assertThat(text).isEqualTo("bearer token or basic user and password required").doesNotContain(TOKEN).doesNotContain(PASSWORD);
        assertThat(new DaemonSettings(null, 0, "127.0.0.1", HttpAccess.fromEnv(Map.of(TOKEN_ENV, TOKEN)), null, 1, 0, null, null, null, false, null)
                .toString()).as("the settings, as a log line or a debugger shows them").doesNotContain(TOKEN);
    }

    static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
