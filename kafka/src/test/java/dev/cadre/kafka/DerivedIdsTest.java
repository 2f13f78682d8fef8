package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ids a handler gives what it sends: repeatable, independent of thread order, bounded. */
class DerivedIdsTest {

  @Test
  void aHandlerRunAgainSendsTheSameIds() {
    DerivedIds first = new DerivedIds("0a1b2c3d4e5f6071-42");
    DerivedIds again = new DerivedIds("0a1b2c3d4e5f6071-42");

    List<String> firstIds =
        List.of(
            first.next("agent coder/run1"),
            first.next("agent coder/run1"),
            first.next("topic out/run1"));
    List<String> againIds =
        List.of(
            again.next("agent coder/run1"),
            again.next("agent coder/run1"),
            again.next("topic out/run1"));

    assertThat(againIds).isEqualTo(firstIds).doesNotHaveDuplicates();
    assertThat(firstIds).allSatisfy(id -> assertThat(id).startsWith("0a1b2c3d4e5f6071-42."));
  }

  @Test
  void sendsToDifferentDestinationsGetTheirIdsWhateverOrderTheyRunIn() {
    DerivedIds first = new DerivedIds("m-1");
    String toPlanner = first.next("agent planner/r");
    String toCoder = first.next("agent coder/r");
    String toCoderAgain = first.next("agent coder/r");

    // On the re-run the coder's sends happen to go first, as two threads may order them.
    DerivedIds again = new DerivedIds("m-1");
    assertThat(again.next("agent coder/r")).isEqualTo(toCoder);
    assertThat(again.next("agent coder/r")).isEqualTo(toCoderAgain);
    assertThat(again.next("agent planner/r")).isEqualTo(toPlanner);
  }

  @Test
  void anAgentAndATopicOfOneNameAreDifferentDestinations() {
    DerivedIds ids = new DerivedIds("m-1");
    assertThat(ids.next("agent news/a")).isNotEqualTo(ids.next("topic news/a"));
  }

  @Test
  void idsStayShortAndUniqueAlongALongChainOfHops() {
    Set<String> seen = new HashSet<>();
    List<Integer> lengths = new ArrayList<>();
    String handled = "0a1b2c3d4e5f6071-7";
    for (int hop = 0; hop < 1_000; hop++) {
      DerivedIds ids = new DerivedIds(handled);
      String sent = ids.next(hop % 2 == 0 ? "agent manager/run" : "agent container/run");
      String alsoSent = ids.next("topic progress/run");
      assertThat(seen.add(sent)).as("hop %d repeats id %s", hop, sent).isTrue();
      assertThat(seen.add(alsoSent)).as("hop %d repeats id %s", hop, alsoSent).isTrue();
      lengths.add(sent.length());
      handled = sent;
    }
    assertThat(lengths).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(64));
    // The chain did reach the bound and fold, rather than staying short by chance.
    assertThat(lengths)
        .anySatisfy(length -> assertThat(length).isGreaterThan(DerivedIds.MAX_PARENT_LENGTH));
  }

  @Test
  void aLongHandledIdIsFoldedTheSameWayEveryTime() {
    String longId = "0a1b2c3d4e5f6071-7" + ".AAAAAAAAAAA.1".repeat(5);
    String first = new DerivedIds(longId).next("agent coder/r");
    assertThat(new DerivedIds(longId).next("agent coder/r")).isEqualTo(first);
    assertThat(first).startsWith("~").doesNotContain(longId);
    assertThat(new DerivedIds(longId + "2").next("agent coder/r")).isNotEqualTo(first);
  }
}
