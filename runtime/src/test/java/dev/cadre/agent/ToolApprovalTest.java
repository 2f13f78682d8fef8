package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ToolApprovalTest {

  private static final ObjectNode NO_ARGS = JsonSchemas.object().build();
  private static final ToolCall DELETE = new ToolCall("c1", "delete_file", "{}");
  private static final ToolCall LIST = new ToolCall("c2", "list_files", "{}");

  private final List<String> ran = new CopyOnWriteArrayList<>();

  private Tool tool(String name) {
    return Tool.of(
        new ToolSpec(name, name, NO_ARGS),
        (args, ctx) -> {
          ran.add(name);
          return name + " done";
        });
  }

  private AssistantAgent.Builder agent(ReplayChatModel model) {
    return AssistantAgent.builder("ops")
        .systemMessage(null)
        .model(model)
        .tools(tool("delete_file"), tool("list_files"));
  }

  private static ReplayChatModel callsThenText(ToolCall... calls) {
    return ReplayChatModel.builder().toolCalls(calls).text("Finished.").build();
  }

  @Test
  void anApprovedCallRuns() {
    ReplayChatModel model = callsThenText(DELETE);
    List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
    AssistantAgent ops =
        agent(model)
            .toolApproval(
                (request, token) -> {
                  asked.add(request);
                  return ApprovalDecision.approve();
                })
            .build();

    AgentResponse response = ops.run("Clean up");

    assertThat(ran).containsExactly("delete_file");
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).agent()).isEqualTo("ops");
    assertThat(asked.get(0).call()).isEqualTo(DELETE);
    assertThat(asked.get(0).spec().name()).isEqualTo("delete_file");
    assertThat(response.events())
        .containsSubsequence(
            new AgentEvent.ToolCallsRequested("ops", List.of(DELETE)),
            new AgentEvent.ApprovalRequested("ops", DELETE),
            new AgentEvent.ApprovalDecided("ops", DELETE, true, null),
            new AgentEvent.ToolCallsExecuted(
                "ops", List.of(new ToolResult("c1", "delete_file", "delete_file done", false))));
  }

  @Test
  void aRefusedCallDoesNotRunAndTheModelReadsWhy() {
    ReplayChatModel model = callsThenText(DELETE, LIST);
    AssistantAgent ops =
        agent(model)
            .toolApproval(
                (request, token) ->
                    request.call().name().equals("delete_file")
                        ? ApprovalDecision.refuse("not on a Friday")
                        : ApprovalDecision.approve())
            .build();

    AgentResponse response = ops.run("Clean up");

    assertThat(ran).containsExactly("list_files");
    assertThat(response.text()).isEqualTo("Finished.");
    List<ChatMessage> sent = model.lastRequest().messages();
    ChatMessage.ToolResults results = (ChatMessage.ToolResults) sent.get(sent.size() - 1);
    assertThat(results.results()).hasSize(2);
    ToolResult refused = results.results().get(0);
    assertThat(refused.callId()).isEqualTo("c1");
    assertThat(refused.error()).isTrue();
    assertThat(refused.content())
        .startsWith(
            "the call to tool 'delete_file' was refused, so it did not run: not on a Friday");
    assertThat(results.results().get(1))
        .isEqualTo(new ToolResult("c2", "list_files", "list_files done", false));
    assertThat(response.events())
        .contains(new AgentEvent.ApprovalDecided("ops", DELETE, false, "not on a Friday"));
  }

  @Test
  void onlyTheNamedToolsAreAskedAbout() {
    ReplayChatModel model = callsThenText(DELETE, LIST);
    List<String> asked = new CopyOnWriteArrayList<>();
    AssistantAgent ops =
        agent(model)
            .toolApproval(
                (request, token) -> {
                  asked.add(request.call().name());
                  return ApprovalDecision.approve();
                },
                "delete_file")
            .build();

    ops.run("Clean up");

    assertThat(asked).containsExactly("delete_file");
    assertThat(ran).containsExactlyInAnyOrder("delete_file", "list_files");
    assertThatThrownBy(
            () ->
                agent(ReplayChatModel.ofTexts("x"))
                    .toolApproval(ToolApprover.approveAll(), "format_disk")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent 'ops' asks approval for tool 'format_disk'")
        .hasMessageContaining("[delete_file, list_files]");
  }

  @Test
  void anApproverThatFailsRefusesTheCall() {
    ReplayChatModel model = callsThenText(DELETE);
    AssistantAgent ops =
        agent(model)
            .toolApproval(
                (request, token) -> {
                  throw new IllegalStateException("approval service down");
                })
            .build();

    ops.run("Clean up");

    assertThat(ran).isEmpty();
    List<ChatMessage> sent = model.lastRequest().messages();
    assertThat(((ChatMessage.ToolResults) sent.get(sent.size() - 1)).results().get(0).content())
        .contains("approval could not be obtained (IllegalStateException: approval service down)");
  }

  @Test
  void aPersonApprovesThroughTheInboxFromAnotherThread() throws Exception {
    BlockingQueue<Question> arrived = new ArrayBlockingQueue<>(2);
    HumanInbox inbox = new HumanInbox(arrived::add);
    ReplayChatModel model =
        ReplayChatModel.builder().toolCalls(DELETE).toolCalls(DELETE).text("Finished.").build();
    AssistantAgent ops = agent(model).toolApproval(ToolApprover.askPerson(inbox)).build();

    CompletableFuture<AgentResponse> turn = CompletableFuture.supplyAsync(() -> ops.run("Clean"));
    Question first = arrived.poll(10, TimeUnit.SECONDS);
    assertThat(first.agent()).isEqualTo("ops");
    assertThat(first.prompt()).contains("tool 'delete_file'").contains("{}");
    assertThat(ran).isEmpty();
    new Thread(() -> inbox.answer(first.id(), "yes")).start();
    Question second = arrived.poll(10, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("delete_file");
    new Thread(() -> inbox.answer(second.id(), "Not twice")).start();

    AgentResponse response = turn.get(10, TimeUnit.SECONDS);

    assertThat(ran).containsExactly("delete_file");
    assertThat(response.events())
        .contains(
            new AgentEvent.ApprovalDecided("ops", DELETE, true, null),
            new AgentEvent.ApprovalDecided("ops", DELETE, false, "refused by a person: Not twice"));
    assertThat(inbox.pending()).isEmpty();
  }

  @Test
  void cancellingWhileAPersonIsAskedRunsNothingAndKeepsTheConversationWhole() throws Exception {
    BlockingQueue<Question> arrived = new ArrayBlockingQueue<>(1);
    HumanInbox inbox = new HumanInbox(arrived::add);
    AssistantAgent ops =
        agent(callsThenText(DELETE)).toolApproval(ToolApprover.askPerson(inbox)).build();
    CancellationToken token = new CancellationToken();

    CompletableFuture<AgentResponse> turn =
        CompletableFuture.supplyAsync(
            () -> ops.onMessages(List.of(AgentMessage.user("Clean")), token, e -> {}));
    assertThat(arrived.poll(10, TimeUnit.SECONDS)).isNotNull();
    token.cancel();

    assertThatThrownBy(() -> turn.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CancelledException.class);
    assertThat(ran).isEmpty();
    assertThat(inbox.pending()).isEmpty();
    // The model's tool call is answered, so the next turn sends a valid conversation.
    List<ChatMessage> history = ops.context().history();
    ChatMessage.ToolResults cut = (ChatMessage.ToolResults) history.get(history.size() - 1);
    assertThat(cut.results()).singleElement().satisfies(r -> assertThat(r.error()).isTrue());
  }
}
