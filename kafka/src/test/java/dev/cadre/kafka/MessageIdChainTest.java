package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A long run is a chain of hops, each message sent by the handler of the one before (a team's turns
 * are one such chain). Each message's id is derived from its parent's, so that a handler run again
 * sends the same ids; the chain must not make every id longer than the last.
 */
@ExtendWith(SharedKafkaCluster.class)
class MessageIdChainTest {

  private static final int HOPS = 40;

  /** A message with this many hops still to go. */
  record Hop(int left) {}

  /** What a handler saw: the id of the message it handled and how many hops were left. */
  record Seen(String id, int left) {}

  @Test
  void idsAlongAChainOfHopsStayShortAndEachHopIsHandledOnce(RunningKafka kafka) throws Exception {
    String prefix = "idchain" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(kafka.config(prefix).build())) {
      runtime.register(
          "relay",
          (self, rt) ->
              (message, context) -> {
                int left = ((Hop) message).left();
                seen.add(new Seen(context.messageId(), left));
                if (left > 0) {
                  // Alternate between two agents, as a team's manager and a participant do.
                  rt.publish(new Hop(left - 1), new TopicId("hop", "k" + left % 2), self, null);
                }
                return null;
              });
      runtime.addSubscription(new TypeSubscription("hop", "relay"));

      runtime
          .publish(new Hop(HOPS), new TopicId("hop", "start"), null, null)
          .get(10, TimeUnit.SECONDS);

      List<Seen> chain = new ArrayList<>();
      while (chain.size() <= HOPS) {
        Seen next = seen.poll(30, TimeUnit.SECONDS);
        assertThat(next).as("hop %d of %d never came", chain.size(), HOPS).isNotNull();
        chain.add(next);
      }
      assertThat(chain).extracting(Seen::left).containsExactlyElementsOf(countdown());
      assertThat(chain).extracting(Seen::id).doesNotHaveDuplicates();
      assertThat(chain).allSatisfy(s -> assertThat(s.id()).hasSizeLessThanOrEqualTo(64));
      assertThat(seen.poll(1, TimeUnit.SECONDS)).as("a hop handled twice").isNull();
    }
  }

  private static List<Integer> countdown() {
    List<Integer> left = new ArrayList<>();
    for (int i = HOPS; i >= 0; i--) {
      left.add(i);
    }
    return left;
  }
}
