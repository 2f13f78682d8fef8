package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ContentPart;
import dev.cadre.team.TeamEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PictureMessageTest {

  private static final String TASK = "Write a program that prints 'Hello, world!'";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @Test
  void aConsoleAndARunReportShowATasksTextAndItsImages() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Console console =
        Console.builder(new PrintStream(printed, true, StandardCharsets.UTF_8))
            .terminal(false)
            .build();
    RunReport report = RunReport.builder().build();

    console
        .andThen(report)
        .accept(
            new TeamEvent.Message(
                new AgentMessage.MultiModal(
                    "user", List.of(ContentPart.text(TASK), ContentPart.image(PNG, "image/png")))));

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains(TASK + "\n<image>");
    assertThat(report.html())
        .contains("Write a program that prints &#39;Hello, world!&#39;\n&lt;image&gt;");
  }
}
