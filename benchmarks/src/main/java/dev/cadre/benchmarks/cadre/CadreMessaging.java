package dev.cadre.benchmarks.cadre;

import dev.cadre.benchmarks.Messaging;
import dev.cadre.benchmarks.Tally;
import dev.cadre.core.AgentId;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import java.util.concurrent.CompletableFuture;

/**
 * Cadre's {@link InProcessRuntime}, used as a team uses it: the echo agent is a registered type
 * addressed by id, and the subscribers are {@link Messaging#SUBSCRIBERS} agent types, each with a
 * {@link TypeSubscription} to one topic type, as the participants of a group chat subscribe to
 * its topic. A publish's source selects the subscribers' keys, so one conversation reaches one
 * agent of each type.
 */
public final class CadreMessaging implements Messaging {

  private static final String TOPIC_TYPE = "fanout";

  private final InProcessRuntime runtime = new InProcessRuntime();
  private final AgentId echo = new AgentId("echo", "default");
  private final TopicId topic = new TopicId(TOPIC_TYPE, "run-1");

  public CadreMessaging(Tally tally) {
    runtime.register(echo.type(), (id, rt) -> (message, context) -> message);
    for (int i = 0; i < SUBSCRIBERS; i++) {
      int index = i;
      String type = "reader-" + i;
      runtime.register(
          type,
          (id, rt) ->
              (message, context) -> {
                tally.handled(index, message);
                return null;
              });
      runtime.addSubscription(new TypeSubscription(TOPIC_TYPE, type));
    }
  }

  @Override
  public String name() {
    return "cadre";
  }

  @Override
  public CompletableFuture<Object> send(Object message) {
    return runtime.send(message, echo);
  }

  @Override
  public void publish(Object message) {
    runtime.publish(message, topic);
  }

  @Override
  public void close() {
    runtime.close();
  }
}
