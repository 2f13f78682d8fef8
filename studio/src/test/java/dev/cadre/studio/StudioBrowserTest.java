package dev.cadre.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The studio in a real browser: runs watched live, people answering, cancelling, resuming. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudioBrowserTest {

  private static final String TOKEN = "a-fixed-test-token-" + Guard.newSecret();

  @TempDir static Path temp;

  private Path dir;

  private Browser browser;
  private Studio studio;

  @BeforeAll
  void browser() {
    browser = new Browser(temp.resolve("profile"));
  }

  @AfterAll
  void closeBrowser() {
    browser.close();
  }

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory(temp, "studio");
    studio = startStudio();
    browser.size(1280, 900);
    browser.open(studio.url());
  }

  @AfterEach
  void stop() {
    studio.close();
  }

  private Studio startStudio() throws Exception {
    return Studio.builder()
        .store(dir.resolve("runs.db"))
        .specDir(dir)
        .samples(TestTeams::all)
        .specLoader(TestTeams::spec)
        .token(TOKEN)
        .start();
  }

  @Test
  void aSampleRunsAndItsMessagesToolCallsAndReportAppear() {
    browser.run("sample:devteam");
    browser.waitForStatus("finished");
    List<WebElement> messages = browser.all("#transcript .msg.message");
    assertThat(messages.size()).isGreaterThan(3);
    assertThat(messages.get(0).findElement(By.className("who")).getText()).isEqualTo("user");
    assertThat(browser.all("#transcript .msg.tool.call")).isNotEmpty();
    assertThat(browser.all("#transcript .msg.tool.result")).isNotEmpty();
    assertThat(browser.all("#run-agents li")).hasSizeGreaterThan(1);
    assertThat(browser.find("#run-stats").getText()).matches("\\d+ messages · \\d+ tokens.*");
    // The finished run shows present's report in the page, styled by its own stylesheet.
    WebElement summary = browser.waitForElement("#report .cadre-run #summary");
    assertThat(summary.getText()).contains("finished");
    assertThat(browser.all("#report .cadre-run #report-transcript")).isNotEmpty();
    assertThat(browser.all("iframe")).isEmpty();
    browser.waitFor(
        d ->
            "absolute"
                    .equals(
                        browser.script(
                            "return getComputedStyle(document.querySelector('#report .bar'))"
                                + ".position"))
                ? true
                : null);
  }

  @Test
  void theGraphHighlightsTheAgentWhoIsSpeaking() {
    browser.run("sample:relay");
    browser.waitForElement("#run-graph svg g.node[data-label='bob']");
    // Alice speaks and waits half-way: her node alone is lit.
    browser.waitFor(d -> "alice".equals(activeNode()) ? true : null);
    assertThat(browser.find("#transcript .msg.streaming .who").getText()).isEqualTo("alice");
    TestTeams.RELAY.release();
    browser.waitFor(d -> "bob".equals(activeNode()) ? true : null);
    assertThat(browser.all("#run-graph g.node.active")).hasSize(1);
    TestTeams.RELAY.release();
    browser.waitForStatus("finished");
    assertThat(browser.all("#run-graph g.node.active")).isEmpty();
  }

  /** The label of the graph's highlighted node, once it is the only one; null until then. */
  private String activeNode() {
    Object label =
        browser.script(
            "const active = document.querySelectorAll('#run-graph g.node.active');"
                + " return active.length === 1 ? active[0].dataset.label : null;");
    return (String) label;
  }

  @Test
  void aMagenticOneRunShowsItsPlanAndEachTurnAsText() {
    browser.run("sample:desk");
    browser.waitForStatus("finished");
    assertThat(browser.find("#ledger").isDisplayed()).isTrue();
    assertThat(browser.find("#ledger-plan").getText()).isEqualTo(TestTeams.DESK_PLAN);
    assertThat(browser.all("#ledger-plan b, #ledger-turns i")).isEmpty();
    List<WebElement> rows = browser.all("#ledger-turns tbody tr");
    assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
    assertThat(rows.get(0).findElement(By.className("next")).getText()).isEqualTo("researcher");
    assertThat(rows.get(0).findElement(By.className("instruction")).getText())
        .isEqualTo("Sum the <i>sales</i> column.");
    assertThat(rows.get(0).findElement(By.className("stalls")).getText()).isEqualTo("0");
    assertThat(rows.get(1).findElement(By.className("next")).getText()).isEqualTo("writer");
    assertThat(rows.get(1).findElement(By.className("stalls")).getText()).isEqualTo("1");
    assertThat(rows.get(1).getDomAttribute("class")).isEqualTo("stalled");
  }

  @Test
  void streamedTextShowsAsItArrives() {
    browser.run("sample:streamer");
    WebElement streaming = browser.waitForElement("#transcript .msg.streaming");
    assertThat(streaming.findElement(By.className("who")).getText()).isEqualTo("greeter");
    assertThat(streaming.findElement(By.className("text")).getText()).isEqualTo("Hello, ");
    assertThat(browser.status()).isEqualTo("running");
    assertThat(browser.find("#run-agents li.active").getText()).isEqualTo("greeter");
    TestTeams.REST_OF_STREAM.countDown();
    browser.waitForStatus("finished");
    // The streamed bubble became the message: one, with the whole text.
    assertThat(browser.all("#transcript .msg.streaming")).isEmpty();
    assertThat(texts()).containsOnlyOnce("Hello, world.");
  }

  @Test
  void aUserProxysQuestionIsAnsweredInTheInputBox() {
    browser.run("sample:travel");
    WebElement ask = browser.waitForElement("#asks .ask[data-kind='question']");
    // The run is paused, live: its messages so far are on the page before it ends.
    browser.waitForStatus("paused");
    assertThat(ask.findElement(By.className("prompt")).getText()).isEqualTo("Where to?");
    assertThat(browser.find("#run-agents li.active").getText()).isEqualTo("customer");
    ask.findElement(By.className("answer")).sendKeys("Lisbon, in May");
    ask.findElement(By.className("send")).click();
    browser.waitForStatus("finished");
    assertThat(texts()).contains("Lisbon, in May", "Booked.");
    assertThat(browser.all("#asks .ask")).isEmpty();
  }

  @Test
  void aToolCallIsApprovedThenAnotherDenied() {
    browser.run("sample:process");
    WebElement ask = browser.waitForElement("#asks .ask[data-kind='approval']");
    assertThat(ask.findElement(By.className("prompt")).getText())
        .contains("wants to call tool 'issue_refund'");
    ask.findElement(By.className("approve")).click();
    browser.waitForStatus("finished");
    assertThat(texts()).anyMatch(t -> t.startsWith("← issue_refund:") && t.contains("refund"));
    assertThat(texts()).contains("tool issue_refund approved");
    // Who spoke next, as the swarm chose.
    assertThat(texts()).contains("next: triage", "next: refunds");

    browser.click("#nav-teams");
    browser.run("sample:process");
    ask = browser.waitForElement("#asks .ask[data-kind='approval']");
    ask.findElement(By.className("deny")).click();
    browser.waitForStatus("finished");
    assertThat(texts()).contains("tool issue_refund refused: refused by a person");
  }

  @Test
  void aRunWaitingForApprovalIsCancelled() {
    browser.run("sample:process");
    browser.waitForElement("#asks .ask[data-kind='approval']");
    browser.click("#cancel-run");
    browser.waitForStatus("cancelled");
    assertThat(browser.all("#asks .ask")).isEmpty();
    assertThat(browser.find("#cancel-run").isEnabled()).isFalse();
  }

  @Test
  void aPausedDurableRunIsAnsweredAfterTheStudioRestarted() throws Exception {
    browser.run("sample:travel");
    browser.waitForElement("#asks .ask[data-kind='question']");
    studio.close();

    studio = startStudio();
    browser.open(studio.url());
    browser.click("#nav-runs");
    WebElement row = browser.waitForElement("#runs:not([data-loading]) tbody tr");
    assertThat(row.findElement(By.className("status")).getText()).isEqualTo("paused");
    row.findElement(By.className("open")).click();
    WebElement ask = browser.waitForElement("#asks .ask[data-kind='question']");
    assertThat(ask.findElement(By.className("prompt")).getText()).isEqualTo("Where to?");
    // The run so far, from the store: the task and the agent's question.
    assertThat(texts()).startsWith("Book me a trip", "Where to?");
    ask.findElement(By.className("answer")).sendKeys("Oslo");
    ask.findElement(By.className("send")).click();
    browser.waitForStatus("finished");
    assertThat(texts()).contains("Oslo", "Booked.");

    browser.click("#nav-runs");
    browser.waitFor(
        d -> d.findElement(By.cssSelector("#runs tbody tr .status")).getText().equals("finished"));
  }

  @Test
  void aToolCallWaitingWhenTheStudioStoppedIsAskedAgainOnResume() throws Exception {
    browser.run("sample:process");
    browser.waitForElement("#asks .ask[data-kind='approval']");
    studio.close();

    studio = startStudio();
    browser.open(studio.url());
    browser.click("#nav-runs");
    WebElement row = browser.waitForElement("#runs:not([data-loading]) tbody tr");
    assertThat(row.findElement(By.className("status")).getText()).isEqualTo("running");
    row.findElement(By.className("open")).click();
    browser.waitForStatus("stopped");
    browser.click("#resume-run");
    WebElement ask = browser.waitForElement("#asks .ask[data-kind='approval']");
    assertThat(ask.findElement(By.className("prompt")).getText())
        .contains("wants to call tool 'issue_refund'");
    ask.findElement(By.className("approve")).click();
    browser.waitForStatus("finished");
    assertThat(texts()).contains("tool issue_refund approved");
    assertThat(texts()).anyMatch(t -> t.contains("RESOLVED"));
  }

  @Test
  void aRunThatStoppedHalfWayIsResumed() throws Exception {
    // Another process began the run: its first agent answered and was committed, then the
    // process stopped (here: its model never answers again, and its thread is left behind).
    studio.close();
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    // The same script as the studio's, which the run keeps its place in, as the studio's runs do.
    dev.cadre.model.replay.ReplayChatModel script =
        dev.cadre.model.replay.ReplayChatModel.ofTexts("first answer", "second");
    Stalling stalls = new Stalling(script, stalled, never);
    Path store = dir.resolve("runs.db");
    try (RunIndex index = RunIndex.open(store)) {
      index.put("half-way", "resumable");
    }
    dev.cadre.state.store.CheckpointStore checkpoints =
        dev.cadre.state.store.SqliteCheckpointStore.open(store);
    Thread behind =
        new Thread(
            () -> {
              try (dev.cadre.team.Team team = TestTeams.resumable(checkpoints, stalls)) {
                team.keepWithRuns(Runs.REPLAY, stalls);
                team.runDurable("half-way", "Take turns", event -> {});
              } catch (RuntimeException e) {
                // Left behind on purpose: what it does once released does not matter.
              }
            });
    behind.setDaemon(true);
    behind.start();
    try {
      assertThat(stalled.await(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      studio = startStudio();
      browser.open(studio.url());
      browser.click("#nav-runs");
      WebElement row =
          browser.waitForElement("#runs:not([data-loading]) tbody tr[data-run='half-way']");
      assertThat(row.findElement(By.className("status")).getText()).isEqualTo("running");
      row.findElement(By.className("open")).click();
      browser.waitForStatus("stopped");
      browser.click("#resume-run");
      browser.waitForStatus("finished");
      assertThat(texts()).contains("second").doesNotContain("first answer");
    } finally {
      never.countDown();
      behind.join(60_000);
      checkpoints.close();
    }
  }

  @Test
  void modelTextWithScriptAndJavascriptLinksStaysText() {
    browser.run("sample:hostile");
    browser.waitForStatus("finished");
    assertThat(texts()).contains(TestTeams.HOSTILE, "<script>window.pwned = 5</script>");
    assertThat(browser.all("#transcript script, #transcript img, #transcript a")).isEmpty();
    assertThat(browser.script("return typeof window.pwned")).isEqualTo("undefined");
  }

  @Test
  void aBrokenSpecShowsItsTaggedFindingOnItsLineThenRunsOnceFixed() throws Exception {
    Files.writeString(
        dir.resolve("duo.jsonl"), "{\"text\": \"Draft one.\"}\n{\"text\": \"Looks fine.\"}\n");
    String good =
        String.join(
            "\n",
            "name: duo",
            "pattern: roundRobin",
            "model: {provider: replay, script: duo.jsonl}",
            "termination: maxMessages(3)",
            "participants:",
            "  - name: writer",
            "    systemMessage: Write.",
            "  - name: critic",
            "    systemMessage: Review.",
            "");
    browser.click("#nav-editor");
    browser.find("#spec-name").clear();
    browser.find("#spec-name").sendKeys("duo.yaml");
    WebElement text = browser.find("#spec-text");
    browser.script(
        "arguments[0].value = arguments[1]",
        text,
        good.replace("    systemMessage: Write.", "    sytemMessage: Write."));
    text.sendKeys(" ");
    WebElement finding = browser.waitForElement("#findings li.error[data-line='7']");
    assertThat(browser.all("#findings li.error")).hasSize(1);
    assertThat(finding.getDomAttribute("data-tag")).isEqualTo("Cadre/SpecUnknownKey");
    assertThat(finding.getDomAttribute("data-line")).isEqualTo("7");
    assertThat(finding.getText())
        .startsWith("line 7:5: [Cadre/SpecUnknownKey]")
        .contains("systemMessage");
    assertThat(browser.find("#gutter li[data-line='7']").getDomAttribute("class")).isEqualTo("bad");
    assertThat(browser.all("#gutter li.bad")).hasSize(1);

    browser.script("arguments[0].value = arguments[1]", text, good);
    text.sendKeys("\n");
    browser.waitFor(d -> d.findElements(By.cssSelector("#findings li.ok")).isEmpty() ? null : true);
    assertThat(browser.all("#gutter li.bad")).isEmpty();
    browser.click("#run-spec");
    browser.waitForStatus("finished");
    assertThat(texts()).contains("Draft one.", "Looks fine.");
    assertThat(Files.readString(dir.resolve("duo.yaml"))).isEqualTo(good + "\n");
  }

  /** A replay script that answers once, then stalls: a process that stopped half-way. */
  private static final class Stalling
      implements dev.cadre.model.ChatModel, dev.cadre.state.Stateful {
    private final dev.cadre.model.replay.ReplayChatModel script;
    private final java.util.concurrent.CountDownLatch stalled;
    private final java.util.concurrent.CountDownLatch never;
    private int calls;

    Stalling(
        dev.cadre.model.replay.ReplayChatModel script,
        java.util.concurrent.CountDownLatch stalled,
        java.util.concurrent.CountDownLatch never) {
      this.script = script;
      this.stalled = stalled;
      this.never = never;
    }

    @Override
    public dev.cadre.model.ModelInfo info() {
      return script.info();
    }

    @Override
    public dev.cadre.model.ChatResponse chat(
        dev.cadre.model.ChatRequest request, dev.cadre.core.CancellationToken cancellation) {
      synchronized (this) {
        if (calls++ > 0) {
          // Every step is committed before the next acts: the first answer is in the store.
          stalled.countDown();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IllegalStateException("the process stopped");
        }
      }
      return script.chat(request, cancellation);
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode saveState() {
      return script.saveState();
    }

    @Override
    public void loadState(com.fasterxml.jackson.databind.JsonNode state) {
      script.loadState(state);
    }
  }

  private List<String> texts() {
    return browser.all("#transcript .msg .text").stream().map(WebElement::getText).toList();
  }
}
