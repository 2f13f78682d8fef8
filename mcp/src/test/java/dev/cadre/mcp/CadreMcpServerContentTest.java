package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resources, templates, prompts and completions of Cadre's server, read by Cadre's client. */
class CadreMcpServerContentTest {

  private static CadreMcpServer server() {
    return CadreMcpServer.builder("library", "1")
        .resource("docs://readme", "readme", "text/plain", () -> "Read me first.")
        .binaryResource(
            "docs://logo", "logo", "image/png", () -> "PNG".getBytes(StandardCharsets.UTF_8))
        .resourceTemplate(
            "users://{id}/profile", "profile", "application/json",
            vars -> "{\"id\":\"" + vars.get("id") + "\"}")
        .prompt(
            "review",
            "Asks for a review of a file",
            List.of("file", "tone"),
            args -> "Review " + args.get("file") + " in a " + args.get("tone") + " tone.")
        .promptContent(
            "describe",
            "Asks for a description of an image",
            List.of("uri"),
            args ->
                McpContent.of(
                    new McpContent.Image(new byte[] {1, 2}, "image/png"),
                    new McpContent.Resource(args.get("uri"), "text/plain", "notes"),
                    new McpContent.Text("Describe the image above.")))
        .completion(
            "review",
            (argument, typed) ->
                argument.equals("tone")
                    ? List.of("kind", "keen", "blunt").stream()
                        .filter(t -> t.startsWith(typed))
                        .toList()
                    : List.of())
        .build();
  }

  @Test
  void aClientListsAndReadsResourcesTemplatesPromptsAndCompletions() throws Exception {
    try (McpHttpServer http = server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
        McpConnection client =
            McpConnection.open(McpServerConfig.http("library", http.url().toString()).build())) {

      assertThat(client.resources())
          .extracting(McpResource::uri)
          .containsExactlyInAnyOrder("docs://readme", "docs://logo");
      assertThat(client.readResource("docs://readme").get(0).text()).isEqualTo("Read me first.");
      assertThat(Base64.getDecoder().decode(client.readResource("docs://logo").get(0).blob()))
          .isEqualTo("PNG".getBytes(StandardCharsets.UTF_8));
      assertThat(client.resourceTemplates())
          .extracting(McpResource.Template::uriTemplate)
          .containsExactly("users://{id}/profile");
      assertThat(client.readResource("users://42/profile").get(0).text())
          .isEqualTo("{\"id\":\"42\"}");

      assertThat(client.prompts())
          .extracting(McpPrompt::name)
          .containsExactlyInAnyOrder("review", "describe");
      assertThat(client.getPrompt("describe", Map.of("uri", "docs://notes")))
          .extracting(McpPrompt.Message::text)
          .containsExactly(
              "[image image/png, 2 bytes]",
              "[resource docs://notes]\nnotes",
              "Describe the image above.");
      assertThat(client.getPrompt("review", Map.of("file", "Main.java", "tone", "kind")))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.role()).isEqualTo("user");
                assertThat(m.text()).isEqualTo("Review Main.java in a kind tone.");
              });
      assertThatThrownBy(() -> client.getPrompt("review", Map.of("file", "Main.java")))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("needs argument 'tone'");

      assertThat(client.complete("review", "tone", "k")).containsExactly("kind", "keen");
    }
  }
}
