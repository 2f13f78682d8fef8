package dev.cadre.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ApprovalDecision;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AutoGen's code executor agent scenarios, on the real sandbox. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CodeExecutorAgentTest {

  private static BubblewrapExecutor sandbox;

  @BeforeAll
  static void sandbox() {
    Sandbox.assumeBubblewrap();
    sandbox =
        BubblewrapExecutor.builder()
            .limits(CodeLimits.DEFAULT.withTimeout(Duration.ofSeconds(20)))
            .build();
  }

  @AfterAll
  static void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static AgentResponse ask(CodeExecutorAgent agent, AgentMessage... messages) {
    return agent.onMessages(List.of(messages), CancellationToken.none(), event -> {});
  }

  @Test
  void withoutCodeBlocksItGivesAutoGensReply() {
    CodeExecutorAgent agent = CodeExecutorAgent.of("executor", sandbox);
    AgentResponse response =
        ask(
            agent,
            new AgentMessage.Text(
                "assistant", "I would use ```inline``` code, or:\n```rust\nfn main() {}\n```"));
    assertThat(response.text())
        .isEqualTo(
            "No code blocks found in the thread. Please provide at least one markdown-encoded code"
                + " block to execute (i.e., quoting code in ```python or ```sh code blocks).");
    assertThat(agent.description())
        .isEqualTo(
            "A computer terminal that performs no other action than running Python scripts"
                + " (provided to it quoted in ```python code blocks), or sh shell scripts (provided"
                + " to it quoted in ```sh code blocks).");
  }

  @Test
  void runsTheBlocksOfTheMessagesInOrderAndAnswersWithTheirOutput() {
    CodeExecutorAgent agent = CodeExecutorAgent.of("executor", sandbox);
    AgentResponse response =
        ask(
            agent,
            new AgentMessage.Text(
                "assistant",
                "First:\n```python\nopen('n.txt', 'w').write('21')\nprint('wrote')\n```\nThen:\n"
                    + "```sh\necho $(( $(cat n.txt) * 2 ))\n```"));
    assertThat(response.text()).isEqualTo("wrote\n42\nFiles created: n.txt");
    assertThat(response.message().source()).isEqualTo("executor");
    assertThat(response.events()).last().isInstanceOf(AgentEvent.Answered.class);
  }

  @Test
  void anErrorIsAnsweredForTheModelToFixAndStopsTheBlocksAfterIt() {
    CodeExecutorAgent agent = CodeExecutorAgent.of("executor", sandbox);
    AgentResponse response =
        ask(
            agent,
            new AgentMessage.Text(
                "assistant",
                "```python\nprint('before')\nraise ValueError('bad input')\n```\n"
                    + "```sh\necho never\n```"));
    assertThat(response.text())
        .startsWith(
            "The script ran, then exited with an error (POSIX exit code: 1)\nIts output was:\n"
                + "before\n")
        .contains("ValueError: bad input")
        .doesNotContain("never");
  }

  @Test
  void aBlockWithNoOutputSaysSoAsAutoGenDoes() {
    CodeExecutorAgent agent = CodeExecutorAgent.of("executor", sandbox);
    assertThat(ask(agent, AgentMessage.user("```sh\ntrue\n```")).text())
        .isEqualTo(
            "The script ran but produced no output to console. The POSIX exit code was: 0. If you"
                + " were expecting output, consider revising the script to ensure content is"
                + " printed to stdout.");
  }

  @Test
  void anApproverCanRefuseABlockBeforeItRuns() {
    List<CodeApprovalRequest> asked = new CopyOnWriteArrayList<>();
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("executor")
            .executor(sandbox)
            .approver(
                (request, cancellation) -> {
                  asked.add(request);
                  return request.code().contains("rm ")
                      ? ApprovalDecision.refuse("deleting files is not allowed")
                      : ApprovalDecision.approve();
                })
            .build();
    AgentResponse refused =
        ask(agent, AgentMessage.user("```sh\ntouch refused.txt\nrm -rf ./*\n```"));
    assertThat(refused.text())
        .isEqualTo("Code execution was not approved. Reason: deleting files is not allowed");
    assertThat(sandbox.workingDirectory().resolve("refused.txt")).doesNotExist();
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).agent()).isEqualTo("executor");
    assertThat(asked.get(0).code()).isEqualTo("```sh\ntouch refused.txt\nrm -rf ./*\n```");

    assertThat(ask(agent, AgentMessage.user("```sh\necho approved\n```")).text())
        .isEqualTo("approved\n");
  }

  @Test
  void aPersonCanRefuseThroughHumanInput() {
    List<String> prompts = new ArrayList<>();
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("executor")
            .executor(sandbox)
            .approver(
                CodeApprover.askPerson(
                    HumanInput.callback(
                        question -> {
                          prompts.add(question.prompt());
                          return "no, not on my machine";
                        }),
                    () -> "q1"))
            .build();
    assertThat(ask(agent, AgentMessage.user("```python\nprint('hi')\n```")).text())
        .isEqualTo(
            "Code execution was not approved. Reason: refused by a person: no, not on my machine");
    assertThat(prompts).singleElement().asString().contains("print('hi')").contains("executor");
  }

  @Test
  void untrustedCodeIsBoundedInBlocksAndSize() {
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("executor").executor(sandbox).maxBlocks(2).build();
    String three = "```sh\necho 1\n```\n```sh\necho 2\n```\n```sh\necho 3\n```";
    assertThat(ask(agent, AgentMessage.user(three)).text())
        .isEqualTo(
            "The code was not run: there are more than 2 code blocks, and at most 2 run in one"
                + " turn. Send fewer blocks.");
    String huge = "```python\n" + "#".repeat(CodeBlock.MAX_BYTES + 10) + "\n```";
    assertThat(ask(agent, AgentMessage.user(huge)).text())
        .startsWith("The code was not run: the python block is")
        .endsWith("Send a shorter program.");
  }

  @Test
  void onlyTheChosenSourcesAndLanguagesAreRun() {
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("executor")
            .executor(sandbox)
            .sources("coder")
            .languages(CodeLanguage.PYTHON)
            .build();
    assertThat(
            ask(
                    agent,
                    new AgentMessage.Text("stranger", "```python\nprint('stranger')\n```"),
                    new AgentMessage.Text("coder", "```sh\necho shell\n```"))
                .text())
        .isEqualTo(CodeExecutorAgent.NO_CODE_BLOCKS_FOUND_MESSAGE);
    assertThat(
            ask(agent, new AgentMessage.Text("coder", "```Python\nprint('coder')\n```")).text())
        .isEqualTo("coder\n");
  }

  @Test
  void inARoundRobinTheAssistantsCodeRunsAndItsOutputIsInTheTranscript() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "Here is the code:\n```python\nprint(sum(i * i for i in range(1, 11)))\n```",
            "The sum of the first ten squares is 385. TERMINATE");
    AssistantAgent coder =
        AssistantAgent.builder("coder").systemMessage(null).model(model).build();
    CodeExecutorAgent executor = CodeExecutorAgent.of("executor", sandbox);
    try (Team team =
        new Team(
            new TeamSpec(
                "dev", "", List.of(coder, executor), new RoundRobin(), null, 3, null))) {
      TaskResult result = team.run("Sum the squares of 1 to 10 with Python.");
      assertThat(result.messages().stream().map(AgentMessage::source).collect(Collectors.toList()))
          .containsExactly("user", "coder", "executor", "coder");
      assertThat(result.messages().get(2).content()).isEqualTo("385\n");
      // The coder's model read the output on its next turn.
      assertThat(model.lastRequest().messages())
          .contains(new ChatMessage.User("385\n", "executor"));
    }
  }

  @Test
  void withAModelItWritesTheCodeRunsItAndReflects() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "```python\nprint(2 ** 10)\n```", "2 to the 10th is 1024.");
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("analyst").executor(sandbox).model(model).build();
    List<AgentEvent> events = new ArrayList<>();
    AgentResponse response =
        agent.onMessages(
            List.of(AgentMessage.user("What is 2 to the 10th?")),
            CancellationToken.none(),
            events::add);
    assertThat(response.text()).isEqualTo("2 to the 10th is 1024.");
    assertThat(agent.description()).isEqualTo(CodeExecutorAgent.DEFAULT_AGENT_DESCRIPTION);
    assertThat(events)
        .filteredOn(AgentEvent.InnerMessage.class::isInstance)
        .extracting(e -> ((AgentEvent.InnerMessage) e).message().content())
        .containsExactly("```python\nprint(2 ** 10)\n```", "1024\n");
    assertThat(model.lastRequest().messages())
        .containsExactly(
            ChatMessage.system(CodeExecutorAgent.DEFAULT_SYSTEM_MESSAGE),
            ChatMessage.user("What is 2 to the 10th?"),
            new ChatMessage.Assistant("```python\nprint(2 ** 10)\n```", List.of(), "analyst"),
            new ChatMessage.User("1024\n", "analyst"));

    // What its model saw is its state, and loads into an agent built the same way.
    CodeExecutorAgent again =
        CodeExecutorAgent.builder("analyst")
            .executor(sandbox)
            .model(ReplayChatModel.ofTexts("No code this time."))
            .build();
    again.loadState(agent.saveState());
    assertThat(again.saveState()).isEqualTo(agent.saveState());
    assertThat(ask(again, AgentMessage.user("And now?")).text()).isEqualTo("No code this time.");
  }

  @Test
  void runCodeIsAToolAnyAssistantCanCall() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall(
                RunCodeTool.NAME,
                "{\"language\": \"python\", \"code\": \"print(len('sandbox'))\"}")
            .text("The word has 7 letters.")
            .build();
    AssistantAgent assistant =
        AssistantAgent.builder("assistant")
            .systemMessage(null)
            .model(model)
            .tool(RunCodeTool.of(sandbox))
            .build();
    AgentResponse response =
        assistant.onMessages(
            List.of(AgentMessage.user("How long is 'sandbox'?")),
            CancellationToken.none(),
            event -> {});
    assertThat(response.text()).isEqualTo("The word has 7 letters.");
    assertThat(model.requests().get(0).tools())
        .singleElement()
        .satisfies(spec -> assertThat(spec.name()).isEqualTo("run_code"));
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) model.lastRequest().messages().get(2);
    assertThat(results.results().get(0).content()).isEqualTo("7\n");
  }

  @Test
  void aRunCodeCallInAnUnknownLanguageIsAnErrorTheModelReads() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall(RunCodeTool.NAME, "{\"language\": \"rust\", \"code\": \"fn main() {}\"}")
            .text("I will use Python instead.")
            .build();
    AssistantAgent assistant =
        AssistantAgent.builder("assistant")
            .systemMessage(null)
            .model(model)
            .tool(RunCodeTool.of(sandbox))
            .build();
    AgentResponse response =
        assistant.onMessages(
            List.of(AgentMessage.user("Run this Rust.")), CancellationToken.none(), event -> {});
    assertThat(response.text()).isEqualTo("I will use Python instead.");
    ChatMessage.ToolResults results =
        (ChatMessage.ToolResults) model.lastRequest().messages().get(2);
    assertThat(results.results().get(0).error()).isTrue();
    assertThat(results.results().get(0).content()).contains("language").contains("rust");
  }

  @Test
  void withRetriesTheModelDecidesToRetryAFailedRunAndFixesIt() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "```python\nprint(undefined_name)\n```",
            "{\"retry\": true, \"reason\": \"the name is not defined; print a literal\"}",
            "```python\nprint('fixed')\n```",
            "It prints 'fixed' now.");
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("analyst")
            .executor(sandbox)
            .model(model)
            .maxRetriesOnError(2)
            .build();
    List<AgentEvent> events = new ArrayList<>();
    AgentResponse response =
        agent.onMessages(
            List.of(AgentMessage.user("Print something.")), CancellationToken.none(), events::add);
    assertThat(response.text()).isEqualTo("It prints 'fixed' now.");
    // The decision was asked with AutoGen's prompt and a JSON schema, and kept out of the history.
    ChatMessage question = model.requests().get(1).messages().get(4);
    assertThat(((ChatMessage.User) question).content())
        .startsWith("The most recent code execution resulted in an error:\nThe script ran, then");
    assertThat(model.requests().get(1).responseFormat().name()).isEqualTo("RetryDecision");
    assertThat(model.requests().get(2).messages()).doesNotContain(question);
    assertThat(events)
        .filteredOn(AgentEvent.InnerMessage.class::isInstance)
        .extracting(e -> ((AgentEvent.InnerMessage) e).message().content())
        .contains(
            "Attempt number: 1\nProposed correction: the name is not defined; print a literal",
            "fixed\n");
  }

  @Test
  void aRetryDecisionThatIsNotJsonMeansNoRetry() {
    ReplayChatModel model =
        ReplayChatModel.ofTexts(
            "```sh\nexit 3\n```", "sure, let me retry!", "It failed with exit code 3.");
    CodeExecutorAgent agent =
        CodeExecutorAgent.builder("analyst")
            .executor(sandbox)
            .model(model)
            .maxRetriesOnError(5)
            .build();
    assertThat(ask(agent, AgentMessage.user("Exit with 3.")).text())
        .isEqualTo("It failed with exit code 3.");
    assertThat(model.requests()).hasSize(3);
  }
}
