package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.model.ChatMessage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelContextTest {

  private static final ChatMessage TASK = ChatMessage.user("task");
  private static final ChatMessage CALL =
      new ChatMessage.Assistant(null, List.of(new ToolCall("c", "t", "{}")), "a");
  private static final ChatMessage RESULT =
      new ChatMessage.ToolResults(List.of(new ToolResult("c", "t", "r", false)));

  private static ModelContext filled(ModelContext context, ChatMessage... messages) {
    context.addAll(List.of(messages));
    return context;
  }

  private static ChatMessage user(int i) {
    return ChatMessage.user("m" + i);
  }

  @Test
  void unboundedKeepsEverything() {
    ModelContext context = filled(ModelContext.unbounded(), TASK, user(1), user(2));

    assertThat(context.view()).containsExactly(TASK, user(1), user(2));
  }

  @Test
  void lastMessagesKeepsTheTailAndNeverStartsWithOrphanToolResults() {
    ModelContext context = filled(ModelContext.lastMessages(2), TASK, CALL, RESULT, user(1));

    assertThat(context.view()).containsExactly(user(1));
    assertThat(context.history()).hasSize(4);

    ModelContext three = filled(ModelContext.lastMessages(3), TASK, CALL, RESULT, user(1));
    assertThat(three.view()).containsExactly(CALL, RESULT, user(1));
  }

  @Test
  void tokenLimitedKeepsTheNewestMessagesThatFit() {
    ModelContext.TokenCounter tenEach = message -> 10;
    ModelContext context =
        filled(ModelContext.tokenLimited(25, tenEach), user(1), user(2), user(3), user(4));

    assertThat(context.view()).containsExactly(user(3), user(4));
  }

  @Test
  void approximateCounterGrowsWithText() {
    ModelContext.TokenCounter counter = ModelContext.TokenCounter.approximate();

    assertThat(counter.count(ChatMessage.user("x".repeat(400))))
        .isGreaterThan(counter.count(ChatMessage.user("x".repeat(40))));
    assertThat(counter.count(CALL)).isPositive();
    assertThat(counter.count(RESULT)).isPositive();
  }

  @Test
  void headAndTailKeepsBothEndsAndSaysWhatWasLeftOut() {
    ModelContext context =
        filled(ModelContext.headAndTail(1, 2), TASK, user(1), user(2), user(3), user(4));

    assertThat(context.view())
        .containsExactly(TASK, ChatMessage.user("[2 earlier messages left out]"), user(3), user(4));
  }

  @Test
  void headAndTailDoesNotSplitAToolCallFromItsResult() {
    ModelContext context =
        filled(ModelContext.headAndTail(2, 2), TASK, CALL, RESULT, user(1), RESULT, user(2));

    assertThat(context.view())
        .containsExactly(TASK, ChatMessage.user("[4 earlier messages left out]"), user(2));
  }

  @Test
  void rejectsNonPositiveBounds() {
    assertThatThrownBy(() -> ModelContext.lastMessages(0)).hasMessageContaining("count");
    assertThatThrownBy(() -> ModelContext.tokenLimited(-1)).hasMessageContaining("maxTokens");
    assertThatThrownBy(() -> ModelContext.headAndTail(1, 0)).hasMessageContaining("tail");
  }

  @Test
  void clearForgetsEverything() {
    ModelContext context = filled(ModelContext.unbounded(), TASK);
    context.clear();

    assertThat(context.view()).isEmpty();
    assertThat(context.history()).isEmpty();
  }
}
