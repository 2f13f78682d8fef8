package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.FAST_RETRY;
import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static dev.cadre.model.openai.OpenAiFixtures.body;
import static dev.cadre.model.openai.OpenAiFixtures.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.EmbeddingResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.Usage;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** {@link OpenAiEmbeddingModel} against OpenAI's documented {@code /v1/embeddings} wire format. */
class OpenAiEmbeddingModelTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private OpenAiEmbeddingModel.Builder builder() {
    return OpenAiEmbeddingModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("text-embedding-3-small")
        .retry(FAST_RETRY);
  }

  /** A reply as OpenAI's API reference shows it, one 3-entry vector per index given. */
  private static String reply(int promptTokens, int... indexes) {
    StringBuilder data = new StringBuilder();
    for (int index : indexes) {
      if (data.length() > 0) {
        data.append(',');
      }
      data.append("{\"object\": \"embedding\", \"index\": ")
          .append(index)
          .append(", \"embedding\": [")
          .append(index)
          .append(".0, 0.5, -0.25]}");
    }
    return "{\"object\": \"list\", \"data\": ["
        + data
        + "], \"model\": \"text-embedding-3-small\", \"usage\": {\"prompt_tokens\": "
        + promptTokens
        + ", \"total_tokens\": "
        + promptTokens
        + "}}";
  }

  @Test
  void sendsTheDocumentedRequestAndReadsTheDocumentedReply() throws Exception {
    server.enqueue(jsonReply(200, reply(8, 0, 1)));

    EmbeddingResponse response =
        builder()
            .dimensions(3)
            .build()
            .embed(
                List.of("The food was delicious", "and the waiter..."), CancellationToken.none());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/embeddings");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode sent = body(request);
    assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(sent.path("input").get(0).asText()).isEqualTo("The food was delicious");
    assertThat(sent.path("input").get(1).asText()).isEqualTo("and the waiter...");
    assertThat(sent.path("encoding_format").asText()).isEqualTo("float");
    assertThat(sent.path("dimensions").asInt()).isEqualTo(3);
    assertThat(response.vectors()).hasSize(2);
    assertThat(response.vectors().get(0)).containsExactly(0f, 0.5f, -0.25f);
    assertThat(response.vectors().get(1)).containsExactly(1f, 0.5f, -0.25f);
    assertThat(response.usage()).isEqualTo(new Usage(8, 0));
    assertThat(response.model()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void dimensionsAreLeftOutUnlessSet() throws Exception {
    server.enqueue(jsonReply(200, reply(2, 0)));

    builder().build().embed("hello");

    assertThat(body(server.takeRequest()).has("dimensions")).isFalse();
  }

  @Test
  void batchesToTheConfiguredInputCountAndSumsUsage() throws Exception {
    server.enqueue(jsonReply(200, reply(3, 0, 1)));
    server.enqueue(jsonReply(200, reply(4, 0, 1)));
    server.enqueue(jsonReply(200, reply(5, 0)));
    OpenAiEmbeddingModel model = builder().batchSize(2).build();

    EmbeddingResponse response =
        model.embed(List.of("a", "b", "c", "d", "e"), CancellationToken.none());

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(body(server.takeRequest()).path("input")).hasSize(2);
    assertThat(body(server.takeRequest()).path("input").get(0).asText()).isEqualTo("c");
    assertThat(body(server.takeRequest()).path("input")).hasSize(1);
    assertThat(response.vectors()).hasSize(5);
    assertThat(response.vectors().get(2)[0]).isEqualTo(0f); // first of the second batch
    assertThat(response.vectors().get(3)[0]).isEqualTo(1f);
    assertThat(response.usage().inputTokens()).isEqualTo(12);
    assertThat(model.usage().inputTokens()).isEqualTo(12);
  }

  @Test
  void theDefaultBatchIsOpenAisLimit() throws Exception {
    int[] indexes = new int[2049];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = i;
    }
    server.enqueue(jsonReply(200, reply(1, java.util.Arrays.copyOf(indexes, 2048))));
    server.enqueue(jsonReply(200, reply(1, 0)));
    List<String> inputs = java.util.stream.IntStream.range(0, 2049).mapToObj(i -> "t" + i).toList();

    assertThat(builder().build().embedAll(inputs)).hasSize(2049);

    assertThat(body(server.takeRequest()).path("input")).hasSize(2048);
    assertThat(body(server.takeRequest()).path("input")).hasSize(1);
  }

  @Test
  void repliesOutOfOrderAreSortedByIndex() {
    server.enqueue(jsonReply(200, reply(2, 1, 0)));

    List<float[]> vectors = builder().build().embedAll(List.of("first", "second"));

    assertThat(vectors.get(0)[0]).isEqualTo(0f);
    assertThat(vectors.get(1)[0]).isEqualTo(1f);
  }

  @Test
  void serverErrorsAreRetried() {
    server.enqueue(jsonReply(500, "{\"error\": {\"message\": \"overloaded\"}}"));
    server.enqueue(jsonReply(200, reply(1, 0)));

    assertThat(builder().build().embed("hello")).hasSize(3);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void theKeyNeverReachesAnError() {
    server.enqueue(
        jsonReply(
            401,
            "{\"error\": {\"message\": \"Incorrect API key provided: "
                + KEY
                + "\", \"type\": \"invalid_request_error\"}}"));

    assertThatThrownBy(() -> builder().build().embed("hello"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("Incorrect API key")
        .satisfies(e -> assertThat(e.toString() + ((ModelException) e).body()).doesNotContain(KEY));
    assertThat(builder().build().toString()).doesNotContain(KEY);
  }

  @Test
  void aReplyWithTheWrongNumberOfVectorsFailsClearly() {
    server.enqueue(jsonReply(200, reply(1, 0)));

    assertThatThrownBy(() -> builder().build().embedAll(List.of("a", "b")))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("1 embeddings for 2 inputs");
  }

  @Test
  void aReplyOfTheWrongLengthFailsWhenDimensionsWereAsked() {
    server.enqueue(jsonReply(200, reply(1, 0)));

    assertThatThrownBy(() -> builder().dimensions(256).build().embed("a"))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("3 dimensions; 256 were asked");
  }

  @Test
  void anEmptyInputIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> builder().build().embedAll(List.of("ok", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input 1 is empty");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void azureUsesTheDeploymentUrlAndApiKeyHeader() throws Exception {
    server.enqueue(jsonReply(200, reply(1, 0)));

    OpenAiEmbeddingModel.builder()
        .azure(server.url("/").toString(), "embed-small", "2024-10-21")
        .apiKey(KEY)
        .build()
        .embed("hello");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/openai/deployments/embed-small/embeddings");
    assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(request.getHeaders().get("api-key")).isEqualTo(KEY);
  }
}
