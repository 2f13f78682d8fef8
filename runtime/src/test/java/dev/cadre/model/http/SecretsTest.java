package dev.cadre.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ModelException;
import java.io.IOException;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Masking, key checks and URL redaction, and what a failure quotes of a provider's body. */
class SecretsTest {

  private static final String KEY = "sk-ant-api03-Rk2vQ8mZ1xT7pL4wN9bY3cJ6hF0dG5aE";

  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void masksTheKeyWholeAndEveryPieceOfEightCharactersOrMore() {
    Secrets secrets = Secrets.of(List.of("Bearer " + KEY));

    assertThat(secrets.mask("key " + KEY + " refused")).isEqualTo("key *** refused");
    assertThat(secrets.mask("provided: " + KEY.substring(0, 12) + "****" + KEY.substring(40)))
        .isEqualTo("provided: *******" + KEY.substring(40));
    assertThat(secrets.mask("cut at " + KEY.substring(30))).isEqualTo("cut at ***");
    // Seven characters are too few to tell a key from a word.
    assertThat(secrets.mask("x" + KEY.substring(3, 10) + "x"))
        .isEqualTo("x" + KEY.substring(3, 10) + "x");
    assertThat(Secrets.of(List.of()).mask("nothing " + KEY)).isEqualTo("nothing " + KEY);
  }

  @Test
  void aCauseWhoseMessageHoldsTheKeyIsShownMaskedWithItsClassAndFrames() {
    Secrets secrets = Secrets.of(List.of(KEY));
    IOException clean = new IOException("refused");
    IOException dirty = new IOException("refused " + KEY, new IllegalStateException(KEY));

    assertThat(secrets.maskCause(clean)).isSameAs(clean);
    Throwable shown = secrets.maskCause(dirty);
    assertThat(shown).hasToString("java.io.IOException: refused ***");
    assertThat(shown.getCause()).hasToString("java.lang.IllegalStateException: ***");
    assertThat(shown.getStackTrace()).isEqualTo(dirty.getStackTrace());
  }

  @Test
  void aValueWithALineBreakOrANonAsciiCharacterIsRefusedWithoutBeingShown() {
    assertThat(Secrets.checkKey("apiKey", "  " + KEY + "\n")).isEqualTo(KEY);
    assertThatThrownBy(() -> Secrets.checkKey("apiKey", KEY + "\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKey contains a line break at position 46; it cannot be sent")
        .hasMessageNotContaining(KEY.substring(0, 8));
    assertThatThrownBy(() -> Secrets.checkKey("apiKey", KEY.substring(0, 10) + "é" + KEY))
        .hasMessage(
            "apiKey contains a non-ASCII character (U+00E9) at position 11; it cannot be sent in"
                + " an HTTP header");
    assertThatThrownBy(() -> Secrets.checkKey("apiKey", "sk-one sk-two"))
        .hasMessage("apiKey contains whitespace at position 7; check how it was copied");
    assertThatThrownBy(
            () -> HttpModelClient.builder("p").header("anthropic-beta", "a\u0000b").build())
        .hasMessageContaining("header 'anthropic-beta' contains a control character (U+0000)");
    assertThatThrownBy(() -> HttpModelClient.builder("p").header("Bad Name", "v"))
        .hasMessage("header name 'Bad Name' is not a valid HTTP header name");
  }

  @Test
  void headersThatCarryCredentialsAreKnownByName() {
    assertThat(
            List.of(
                "Authorization",
                "x-api-key",
                "api-key",
                "Ocp-Apim-Subscription-Key",
                "Helicone-Auth",
                "X-Auth-Token",
                "Cookie"))
        .allMatch(Secrets::isCredentialHeader);
    assertThat(List.of("OpenAI-Organization", "OpenAI-Project", "anthropic-beta", "X-Trace"))
        .noneMatch(Secrets::isCredentialHeader);
  }

  @Test
  void aUrlIsShownWithoutItsCredentials() {
    assertThat(
            Secrets.redactUrl(
                "https://cadre:pa55w0rd@gateway.example/v1beta/openai?key=AIzaSyD-0123&region=eu"))
        .isEqualTo("https://***:***@gateway.example/v1beta/openai?key=***&region=eu");
    assertThat(Secrets.redactUrl("http://localhost:11434/v1"))
        .isEqualTo("http://localhost:11434/v1");
    assertThat(Secrets.redactUrl("not a url")).isEqualTo("not a url");
  }

  @Test
  void aFailureQuotesTwoThousandCharactersAndKeepsTheWholeBodyMasked() {
    String body = "{\"error\": \"" + "e".repeat(1990) + KEY + "z".repeat(3000) + "\"}";
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .setHeader("Content-Type", "application/json")
            .body(body)
            .build());
    HttpModelClient client =
        HttpModelClient.builder("test")
            .secretHeader("x-api-key", KEY)
            .retry(RetryPolicy.NONE)
            .build();

    ModelException failed =
        (ModelException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    client.postJson(
                        server.url("/").toString(),
                        Json.object(),
                        CancellationToken.none(),
                        (reply, id) -> reply));

    String masked = body.replace(KEY, "***");
    assertThat(failed.body()).isEqualTo(masked);
    String quoted = masked.substring(0, ModelException.MAX_QUOTED);
    assertThat(failed.getMessage())
        .startsWith("test returned HTTP 422: ")
        .contains(": " + quoted + "… (" + (masked.length() - 2000) + " more characters in")
        .endsWith("ModelException.body())")
        .doesNotContain(KEY.substring(0, 8));
    // The error string is the provider's explanation too: cut to 500 characters there.
    assertThat(failed.getMessage())
        .startsWith("test returned HTTP 422: " + "e".repeat(500) + "…: {\"error\"");
    assertThat(failed.getMessage().length()).isLessThan(ModelException.MAX_QUOTED + 600);
  }
}
