package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.samples.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cadre studio}: what it prints, what it serves, and its usage errors. */
class StudioCommandTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void printsTheAddressWithItsTokenAndServesTheSpecFilesGiven() throws Exception {
    Path spec = dir.resolve("review.yaml");
    Files.writeString(spec, "name: review\n");
    Files.createDirectories(dir.resolve("specs"));
    Files.writeString(dir.resolve("specs/other.yml"), "name: other\n");
    List<String> served = new ArrayList<>();
    int code =
        cli(studio -> {
              served.add(get(studio.url().replace("/?token=", "/api/teams?token=")));
              return CadreCli.OK;
            })
            .run(
                "studio",
                "--store",
                dir.resolve("runs.db").toString(),
                "--dir",
                dir.resolve("specs").toString(),
                spec.toString());
    assertThat(code).as(err()).isEqualTo(CadreCli.OK);
    Matcher url =
        Pattern.compile("Open it at: (http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]+)\n")
            .matcher(out());
    assertThat(url.find()).as(out()).isTrue();
    assertThat(out()).startsWith("Cadre Studio is running (offline unless");
    assertThat(served.get(0))
        .contains("\"id\":\"sample:devteam\"", "review.yaml", "other.yml")
        // The command's samples are the studio's: the process sample asks the page.
        .contains("\"id\":\"sample:process\"");
  }

  @Test
  void usageErrorsNameTheOption() {
    assertThat(cli(s -> CadreCli.OK).run("studio", "--port", "http")).isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine()).isEqualTo("error: --port http is not a number");
    err.reset();
    assertThat(cli(s -> CadreCli.OK).run("studio", "--port", "70000")).isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine()).isEqualTo("error: --port 70000 is not a port (0 to 65535)");
    err.reset();
    assertThat(cli(s -> CadreCli.OK).run("studio", "--dir", dir.resolve("nope").toString()))
        .isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine())
        .isEqualTo("error: --dir " + dir.resolve("nope") + ": no such folder");
    err.reset();
    assertThat(cli(s -> CadreCli.OK).run("studio", "notes.txt")).isEqualTo(CadreCli.USAGE);
    assertThat(firstErrorLine())
        .isEqualTo("error: <spec> notes.txt: give spec files (.yaml, .yml, .json)");
  }

  private CadreCli cli(java.util.function.Function<dev.cadre.studio.Studio, Integer> serves) {
    return new CadreCli(
            Samples::all,
            SpecFiles.INSTANCE,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false)
        .studioServes(serves);
  }

  private static String get(String url) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return response.body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String firstErrorLine() {
    return err().lines().findFirst().orElse("");
  }
}
