package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.team.StopReason;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A model that writes hostile tool arguments gets a tool error it can read, and the team's run goes
 * on: nothing it writes ends the run.
 */
@Timeout(30)
class HostileToolArgumentsTest {

  record Booking(String city, int nights, float budget) {}

  @Test
  void aTeamRunGoesOnWhateverArgumentsTheModelWrites() {
    List<Booking> booked = new CopyOnWriteArrayList<>();
    Tool book =
        Tool.fromRecord(
            "book",
            "Books a hotel",
            Booking.class,
            booking -> {
              booked.add(booking);
              return "booked " + booking.nights() + " nights in " + booking.city();
            });
    String hugeName = "x".repeat(1_000_000);
    ReplayChatModel plannerModel =
        ReplayChatModel.builder()
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":1e400,\"budget\":100}")
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":-1e400,\"budget\":100}")
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":3000000000,\"budget\":100}")
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":2,\"budget\":1e300}")
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":2,\"budget\":100} DROP TABLE hotels")
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":2,\"budget\":100}{\"city\":\"Rome\"}")
            .toolCall(hugeName, "{}")
            .toolCall("book", "{\"city\":\"Oslo\",\"nights\":2,\"budget\":100}")
            .text("Booked two nights in Oslo.")
            .build();
    AssistantAgent planner =
        AssistantAgent.builder("planner")
            .description("plans trips")
            .systemMessage(null)
            .model(plannerModel)
            .tool(book)
            .build();
    AssistantAgent reviewer =
        AssistantAgent.builder("reviewer")
            .description("reviews plans")
            .systemMessage(null)
            .model(ReplayChatModel.ofTexts("Looks good."))
            .build();

    TaskResult result;
    try (Team team =
        new Team(
            new TeamSpec(
                "travel",
                "",
                List.of(planner, reviewer),
                new RoundRobin(),
                Terminations.maxMessages(3),
                3,
                null))) {
      result = team.run("Book two nights in Oslo");
    }

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(result.lastMessage().content()).isEqualTo("Looks good.");
    assertThat(booked).containsExactly(new Booking("Oslo", 2, 100f));

    List<ToolResult> seen = toolResults(plannerModel.requests());
    assertThat(seen).hasSize(8);
    assertThat(seen.subList(0, 7)).allMatch(ToolResult::error);
    assertThat(seen.get(0).content())
        .startsWith("invalid arguments for tool 'book', so it was not run:")
        .contains("argument 'nights' must be an integer");
    assertThat(seen.get(1).content()).contains("argument 'nights' must be an integer");
    assertThat(seen.get(2).content())
        .contains(
            "argument 'nights' must be an integer from -2147483648 to 2147483647,"
                + " got 3000000000");
    assertThat(seen.get(3).content())
        .contains("argument 'budget' must be a number from -3.4028235E38 to 3.4028235E38");
    assertThat(seen.get(4).content())
        .startsWith("arguments of tool 'book' are not valid JSON")
        .contains("unexpected text after the JSON value");
    assertThat(seen.get(5).content())
        .startsWith("arguments of tool 'book' are not valid JSON")
        .contains("unexpected text after the JSON value");
    assertThat(seen.get(6).content())
        .startsWith("unknown tool 'xxxxxxxx")
        .contains("the available tools are book")
        .hasSizeLessThan(400);
    assertThat(seen.get(7)).extracting(ToolResult::error).isEqualTo(false);
  }

  /** The tool results the model was shown, in the order it was shown them. */
  private static List<ToolResult> toolResults(List<ChatRequest> requests) {
    List<ChatMessage> last = requests.get(requests.size() - 1).messages();
    List<ToolResult> results = new ArrayList<>();
    for (ChatMessage message : last) {
      if (message instanceof ChatMessage.ToolResults tool) {
        results.addAll(tool.results());
      }
    }
    return results;
  }
}
