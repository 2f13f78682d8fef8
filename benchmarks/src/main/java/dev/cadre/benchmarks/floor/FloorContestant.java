package dev.cadre.benchmarks.floor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadre.benchmarks.Contestant;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.fake.Calculator;
import dev.cadre.benchmarks.fake.Echoes;
import dev.cadre.benchmarks.fake.FakeLlm;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor: what a careful programmer would write with no framework. A list of messages, a loop
 * that asks the fake model, parses the tool arguments with Jackson and calls the method directly.
 * No events, validation, time limits or runtime: the least any framework can cost.
 */
public final class FloorContestant implements Contestant {

  /** A message of the hand-written conversation. */
  private record Message(String role, String text) {}

  // In a holder, so that the cold start of a floor that parses no JSON does not load Jackson.
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final Fakes fakes;
  private final Calculator calculator;

  public FloorContestant(Fakes fakes) {
    this.fakes = fakes;
    this.calculator = fakes.calculator;
  }

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public String oneTurn(String question) {
    return ask(fakes.single, "You are a helpful assistant.", question, false);
  }

  @Override
  public String toolCall(String question) {
    return ask(fakes.single, "You add numbers with your tool.", question, true);
  }

  @Override
  public String sequence(String topic) {
    String outline =
        ask(fakes.outliner, "You outline articles.", "Write an article about " + topic + ".", false);
    String draft =
        ask(fakes.drafter, "You draft articles from outlines.",
            "Draft an article from this outline: " + outline, false);
    return ask(fakes.editor, "You edit drafts.", "Edit this draft: " + draft, false);
  }

  @Override
  public String dispatch(String argumentsJson) {
    try {
      JsonNode arguments = Json.MAPPER.readTree(argumentsJson);
      return String.valueOf(calculator.add(arguments.get("a").asInt(), arguments.get("b").asInt()));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The group chat, by hand: a transcript, and four echo functions called in turn. */
  @Override
  public String groupChat(String task) {
    List<Message> transcript = new ArrayList<>(Echoes.TURNS + 1);
    transcript.add(new Message("user", task));
    for (int turn = 0; turn < Echoes.TURNS; turn++) {
      String name = Echoes.NAMES.get(turn % Echoes.NAMES.size());
      String said = fakes.echoes.echo(name, transcript.get(transcript.size() - 1).text());
      transcript.add(new Message(name, said));
    }
    return transcript.get(transcript.size() - 1).text();
  }

  /** The agent loop, by hand: ask, run the tool if asked, ask again. */
  private String ask(FakeLlm llm, String system, String user, boolean tools) {
    List<Message> messages = new ArrayList<>(4);
    messages.add(new Message("system", system));
    messages.add(new Message("user", user));
    while (true) {
      boolean lastIsToolResult = messages.get(messages.size() - 1).role().equals("tool");
      if (llm.recording()) {
        llm.see(messages.toString());
      }
      switch (llm.reply(tools, lastIsToolResult)) {
        case TOOL_CALL:
          messages.add(new Message("assistant", FakeLlm.TOOL_NAME + FakeLlm.TOOL_ARGUMENTS));
          messages.add(new Message("tool", dispatch(FakeLlm.TOOL_ARGUMENTS)));
          break;
        case FINAL:
          return FakeLlm.FINAL_TEXT;
        default:
          return llm.plainText();
      }
    }
  }
}
