package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.await;
import static dev.cadre.core.contract.TestAgents.flush;
import static dev.cadre.core.contract.TestAgents.recorder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.Agent;
import dev.cadre.core.AgentFactory;
import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.MessageContext;
import dev.cadre.core.Subscription;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypePrefixSubscription;
import dev.cadre.core.TypeSubscription;
import dev.cadre.core.contract.TestAgents.Note;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Publishing: who a topic reaches, the sender skipped, and adding and removing subscriptions. */
public abstract class SubscriptionContract extends RuntimeContract {

  @Test
  void publishReachesEveryMatchingAgentOnceWithATopicContext() throws Exception {
    List<MessageContext> contexts = Collections.synchronizedList(new ArrayList<>());
    AgentFactory recording =
        (id, rt) -> {
          Agent inner = recorder();
          return (message, context) -> {
            if (!context.rpc()) {
              contexts.add(context);
            }
            return inner.onMessage(message, context);
          };
        };
    runtime.register("reader", recording);
    runtime.register("archiver", recording);
    runtime.register("sports", recording);
    runtime.addSubscription(new TypeSubscription("news", "reader"));
    runtime.addSubscription(new TypePrefixSubscription("new", "reader")); // matches reader again
    runtime.addSubscription(new TypePrefixSubscription("news", "archiver"));
    runtime.addSubscription(new TypeSubscription("sport", "sports"));
    TopicId topic = new TopicId("news", "s1");

    await(runtime.publish(new Note("hello"), topic));

    assertThat(flush(runtime, new AgentId("reader", "s1"))).containsExactly(new Note("hello"));
    assertThat(flush(runtime, new AgentId("archiver", "s1"))).containsExactly(new Note("hello"));
    assertThat(flush(runtime, new AgentId("sports", "s1"))).isEmpty();
    assertThat(contexts).hasSize(2);
    assertThat(contexts)
        .allSatisfy(
            context -> {
              assertThat(context.topic()).isEqualTo(topic);
              assertThat(context.sender()).isNull();
              assertThat(context.messageId()).isEqualTo(contexts.get(0).messageId());
            });
  }

  @Test
  void publishSkipsTheSender() throws Exception {
    runtime.register("peer", (id, rt) -> recorder());
    runtime.addSubscription(new TypeSubscription("room", "peer"));
    runtime.addSubscription(new TypeSubscription("room", "other"));
    runtime.register("other", (id, rt) -> recorder());

    await(
        runtime.publish(
            new Note("from peer"),
            new TopicId("room", "r1"),
            new AgentId("peer", "r1"),
            CancellationToken.none()));

    assertThat(flush(runtime, new AgentId("peer", "r1"))).isEmpty();
    assertThat(flush(runtime, new AgentId("other", "r1"))).containsExactly(new Note("from peer"));
  }

  @Test
  void publishSkipsASenderMatchedTwiceAndAfterARemovalReachesAgentsThroughWhatRemains()
      throws Exception {
    runtime.register("peer", (id, rt) -> recorder());
    runtime.register("archiver", (id, rt) -> recorder());
    Subscription exact = new TypeSubscription("room", "peer");
    runtime.addSubscription(exact);
    runtime.addSubscription(new TypePrefixSubscription("ro", "peer"));
    runtime.addSubscription(new TypeSubscription("room", "archiver"));
    TopicId room = new TopicId("room", "r1");

    await(runtime.publish(new Note("1"), room, new AgentId("peer", "r1"), null));
    runtime.removeSubscription(exact.id());
    await(runtime.publish(new Note("2"), room));

    assertThat(flush(runtime, new AgentId("peer", "r1"))).containsExactly(new Note("2"));
    assertThat(flush(runtime, new AgentId("archiver", "r1")))
        .containsExactly(new Note("1"), new Note("2"));
  }

  @Test
  void publishWithNoSubscriberGoesNowhereWithoutError() throws Exception {
    AtomicInteger created = new AtomicInteger();
    runtime.register(
        "reader",
        (id, rt) -> {
          created.incrementAndGet();
          return recorder();
        });
    runtime.addSubscription(new TypeSubscription("news", "reader"));

    CompletableFuture<Void> published = runtime.publish(new Note("x"), new TopicId("weather", "s"));

    assertThat(await(published)).isNull();
    assertThat(created).hasValue(0);
    assertThat(events.drain()).isEmpty();
  }

  @Test
  void addingASubscriptionTwiceAddsItOnceAndRemovingTakesItAway() throws Exception {
    runtime.register("reader", (id, rt) -> recorder());
    Subscription subscription = new TypeSubscription("news", "reader");
    runtime.addSubscription(subscription);
    runtime.addSubscription(new TypeSubscription("news", "reader"));

    await(runtime.publish(new Note("1"), new TopicId("news", "s")));
    runtime.removeSubscription(subscription.id());
    await(runtime.publish(new Note("2"), new TopicId("news", "s")));

    assertThat(flush(runtime, new AgentId("reader", "s"))).containsExactly(new Note("1"));
    assertThatThrownBy(() -> runtime.removeSubscription(subscription.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no subscription with id \"" + subscription.id() + "\"");
  }
}
