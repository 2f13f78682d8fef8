package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A part of a transcript answers every question as the copy it replaces would. */
class SharedMessagesTest {

  private static final AgentMessage A = new AgentMessage.Text("a", "one");
  private static final AgentMessage B = new AgentMessage.Text("b", "two");
  private static final AgentMessage C = new AgentMessage.Text("c", "three");

  private static List<AgentMessage> part() {
    return new SharedMessages(new AgentMessage[] {C, A, B, C, null}, 1, 4);
  }

  @Test
  void readsAsACopyOfItsRangeDoes() {
    List<AgentMessage> shared = part();
    List<AgentMessage> copy = List.of(A, B, C);

    assertThat(shared).isEqualTo(copy).hasSameHashCodeAs(copy).hasToString(copy.toString());
    assertThat(copy).isEqualTo(shared);
    assertThat(shared.get(0)).isSameAs(A);
    assertThat(shared.indexOf(C)).isEqualTo(2);
    assertThat(shared.lastIndexOf(A)).isZero();
    assertThat(shared.contains(B)).isTrue();
    assertThat(shared.contains(new AgentMessage.Text("a", "other"))).isFalse();
    assertThat(shared.subList(1, 3)).containsExactly(B, C).isInstanceOf(SharedMessages.class);
    assertThat(shared.subList(1, 3).subList(1, 2)).containsExactly(C);
  }

  @Test
  void failsWhereACopyFails() {
    List<AgentMessage> shared = part();
    List<AgentMessage> copy = List.of(A, B, C);

    for (List<AgentMessage> list : List.of(shared, copy)) {
      assertThatThrownBy(() -> list.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> list.subList(2, 4)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> list.contains(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> list.indexOf(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> list.lastIndexOf(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> list.add(A)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.set(0, A)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.sort(null)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.removeIf(m -> false))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.removeAll(List.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.retainAll(list))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.addAll(List.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.remove(C)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.replaceAll(m -> m))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> list.subList(0, 0).clear())
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void isKeptAsItIsWhereACopyWouldBeMadeAndOtherListsAreCopied() {
    List<AgentMessage> shared = part();
    assertThat(SharedMessages.immutable(shared)).isSameAs(shared);

    List<AgentMessage> mutable = new ArrayList<>(List.of(A, B));
    List<AgentMessage> copied = SharedMessages.immutable(mutable);
    mutable.add(C);
    assertThat(copied).containsExactly(A, B);
    assertThatThrownBy(() -> SharedMessages.immutable(java.util.Arrays.asList(A, null)))
        .isInstanceOf(NullPointerException.class);

    // A conversation and a turn made from a part share it; made from other lists, they copy.
    Conversation conversation =
        new Conversation(List.of(new Conversation.Participant("a", "")), shared, List.of(), shared);
    assertThat(conversation.messages()).isSameAs(shared);
    assertThat(new TeamProtocol.Speak("run", shared).messages()).isSameAs(shared);
    assertThat(new TeamProtocol.Speak("run", mutable).messages())
        .isNotSameAs(mutable)
        .containsExactly(A, B, C);
  }

  /**
   * The Kafka runtime writes messages with the class of every value whose declared type does not
   * say it (a {@code List}), as Jackson's default typing does, and reads them back by that class:
   * a shared part must come back, as a copy of it would.
   */
  @Test
  void comesBackFromJsonThatNamesEachValuesClass() throws Exception {
    ObjectMapper typed =
        Json.mapper()
            .copy()
            .activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder()
                    .allowIfSubType("dev.cadre.")
                    .allowIfSubType("java.util.")
                    .allowIfSubType("java.lang.")
                    .build(),
                ObjectMapper.DefaultTyping.NON_FINAL);
    List<AgentMessage> shared = part();
    TeamProtocol.Speak speak = new TeamProtocol.Speak("run", shared, 3, true);
    List<Object> holder = new ArrayList<>(List.of("a list of", shared));

    for (Object message : List.<Object>of(speak, holder)) {
      String json = typed.writerFor(Object.class).writeValueAsString(message);
      Object read = typed.readerFor(Object.class).readValue(json);
      assertThat(read).isEqualTo(message);
    }
    TeamProtocol.Speak read =
        (TeamProtocol.Speak)
            typed.readerFor(Object.class)
                .readValue(typed.writerFor(Object.class).writeValueAsString(speak));
    assertThatThrownBy(() -> read.messages().add(A))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(
            () ->
                typed.readerFor(Object.class)
                    .readValue("[\"dev.cadre.team.SharedMessages\", [null]]"))
        .hasRootCauseInstanceOf(NullPointerException.class);
  }
}
