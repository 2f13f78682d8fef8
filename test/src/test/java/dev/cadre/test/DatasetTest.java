package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading evaluation cases from JSON lines and CSV, and errors that name the file and line. */
class DatasetTest {

  @TempDir Path dir;

  private Path file(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void jsonLinesKeepIdTaskExpectedAndOtherFields() throws Exception {
    Dataset dataset =
        Dataset.read(
            file(
                "cases.jsonl",
                "# capitals\n"
                    + "{\"id\": \"fr\", \"task\": \"Capital of France?\", \"expected\": \"Paris\","
                    + " \"level\": 1}\n\n"
                    + "{\"task\": \"Capital of Japan?\"}\n"));

    assertThat(dataset.cases())
        .containsExactly(
            new EvalCase("fr", "Capital of France?", "Paris", Map.of("level", "1")),
            new EvalCase("line-4", "Capital of Japan?", null, Map.of()));
  }

  @Test
  void csvFieldsMayHoldQuotesCommasAndLineBreaks() throws Exception {
    Dataset dataset =
        Dataset.read(
            file(
                "cases.csv",
                "id,task,expected\r\n"
                    + "q1,\"Say \"\"hi\"\", then stop\",hi\r\n"
                    + "q2,\"Two\nlines\",\n"));

    assertThat(dataset.cases())
        .containsExactly(
            EvalCase.of("q1", "Say \"hi\", then stop", "hi"),
            EvalCase.of("q2", "Two\nlines", null));
  }

  @Test
  void badLinesAreNamedByFileAndLine() throws Exception {
    Path json = file("bad.jsonl", "{\"task\": \"ok\"}\n{\"task\": \n");
    assertThatThrownBy(() -> Dataset.read(json))
        .hasMessageStartingWith(json + ":2: not valid JSON");

    Path noTask = file("notask.jsonl", "{\"id\": \"a\", \"expected\": \"x\"}\n");
    assertThatThrownBy(() -> Dataset.read(noTask))
        .hasMessage(noTask + ":1: the case has no \"task\"");

    Path csv = file("short.csv", "id,task\nq1,one\nq2\n");
    assertThatThrownBy(() -> Dataset.read(csv))
        .hasMessage(csv + ":3: the row has 1 fields and the header 2 [id, task]");

    Path open = file("open.csv", "task\n\"never closed\n");
    assertThatThrownBy(() -> Dataset.read(open))
        .hasMessage(open + ":2: a quoted field is never closed");

    Path twice =
        file("twice.jsonl", "{\"id\":\"a\",\"task\":\"x\"}\n{\"id\":\"a\",\"task\":\"y\"}\n");
    assertThatThrownBy(() -> Dataset.read(twice)).hasMessageContaining("two cases have the id 'a'");
  }
}
