package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings, names, and the tests' own refusal to run without their servers. */
class McpServerConfigTest {

  @Test
  void describesStdioAndHttpServersWithoutTheirSecrets() {
    McpServerConfig stdio =
        McpServerConfig.stdio("files", "npx", "-y", "server", "/data")
            .env("API_KEY", "s3cret")
            .callTimeout(Duration.ofSeconds(5))
            .build();
    McpServerConfig http =
        McpServerConfig.http("remote", "https://mcp.example.com/mcp")
            .header("Authorization", "Bearer s3cret")
            .build();

    assertThat(stdio.describe()).isEqualTo("command 'npx -y server /data'");
    assertThat(stdio.callTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(stdio.initializeTimeout()).isEqualTo(McpServerConfig.DEFAULT_INITIALIZE_TIMEOUT);
    assertThat(http.describe()).isEqualTo("URL https://mcp.example.com/mcp");
    assertThat(stdio.toString()).doesNotContain("s3cret");
    assertThat(http.toString()).doesNotContain("s3cret");
  }

  @Test
  void masksSecretsOnTheCommandLineFoundByNameOrMarkedByTheUser() {
    McpServerConfig config =
        McpServerConfig.stdio(
                "db",
                "db-server",
                "--api-key=sk-live-1234567890",
                "--token",
                "tok-abcdefghij",
                "--port=5432",
                "postgres://app:hunter2hunter@db/app")
            .secret("hunter2hunter")
            .build();

    assertThat(config.describe())
        .isEqualTo(
            "command 'db-server --api-key=*** --token *** --port=5432"
                + " postgres://app:***@db/app'")
        .doesNotContain("sk-live")
        .doesNotContain("tok-abc")
        .doesNotContain("hunter2");
    // A piece of a secret, as a server echoes it cut short, is hidden too.
    assertThat(config.mask("bad key sk-live-1234...")).doesNotContain("sk-live-1234");
  }

  @Test
  void anErrorQuotingTheCommandLineAndStderrOfAFailedServerHidesItsSecret() {
    McpServerConfig config =
        McpServerConfig.stdio(
                "leaky",
                "sh",
                "-c",
                "echo \"started with $0\" >&2; exit 3",
                "--api-key=sk-live-123456789")
            .initializeTimeout(Duration.ofSeconds(20))
            .build();

    assertThatThrownBy(() -> McpConnection.open(config))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'leaky'")
        .hasMessageContaining("--api-key=***")
        .hasMessageContaining("started with --api-key=***")
        .hasMessageNotContaining("sk-live");
  }

  @Test
  void describesAUrlWithoutItsUserInfoOrQueryWhereTokensRide() {
    McpServerConfig http =
        McpServerConfig.http(
                "remote", "https://alice:pa55word@mcp.example.com:8443/v1/mcp?api_key=s3cret#top")
            .build();
    McpServerConfig ipv6 = McpServerConfig.http("local", "http://[::1]:3001/mcp?token=t0k").build();

    assertThat(http.describe()).isEqualTo("URL https://mcp.example.com:8443/v1/mcp");
    assertThat(http.toString()).doesNotContain("s3cret", "pa55word", "alice");
    assertThat(ipv6.describe()).isEqualTo("URL http://[::1]:3001/mcp");
    // The connection still uses the whole URL.
    assertThat(http.url().orElseThrow().getRawQuery()).isEqualTo("api_key=s3cret");
  }

  @Test
  void rejectsSettingsThatCannotWorkNamingTheServer() {
    assertThatThrownBy(() -> McpServerConfig.http("remote", "ftp://example.com"))
        .hasMessageContaining("MCP server 'remote'")
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> McpServerConfig.stdio("empty", List.of()))
        .hasMessageContaining("MCP server 'empty'");
    assertThatThrownBy(() -> McpServerConfig.stdio("s", "x").callTimeout(Duration.ZERO))
        .hasMessageContaining("callTimeout of MCP server 's' must be positive");
    assertThatThrownBy(() -> McpServerConfig.http("h", "http://x/mcp").env("A", "b"))
        .hasMessageContaining("MCP server 'h' is an HTTP server");
    assertThatThrownBy(() -> McpServerConfig.stdio("s", "x").header("A", "b"))
        .hasMessageContaining("MCP server 's' is a stdio server");
  }

  @Test
  void toolNamesBecomeNamesTheModelApisAccept() {
    assertThat(ServerTools.cadreName("", "get-sum")).isEqualTo("get-sum");
    assertThat(ServerTools.cadreName("fs_", "read.file/v2")).isEqualTo("fs_read_file_v2");
    assertThat(ServerTools.cadreName("", "x".repeat(80))).hasSize(64);
  }

  @Test
  void missingServersSkipTheTestsOrFailThemWhenRequiredSayingWhatToRun(@TempDir Path empty) {
    assertThatThrownBy(() -> TestServers.modules(empty, true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("not installed in " + empty)
        .hasMessageContaining("run mcp/install-servers.sh")
        .hasMessageContaining("CADRE_REQUIRE_MCP_SERVERS=1 requires them");
    assertThatThrownBy(() -> TestServers.modules(empty, false))
        .isInstanceOf(org.opentest4j.TestAbortedException.class)
        .hasMessageContaining("run mcp/install-servers.sh");
  }
}
