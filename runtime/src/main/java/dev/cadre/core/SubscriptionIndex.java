package dev.cadre.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscriptions of a runtime, indexed so that a publish looks up the type subscriptions of its
 * topic type instead of scanning every subscription; only prefix subscriptions are scanned. Many
 * teams on one runtime each add a subscription for a topic type of their own, so with a scan every
 * publish would cost as much as there are teams.
 *
 * <p>Publishes read without a lock: under the lock, changes replace a topic type's list (or the
 * prefix list) with a new one and never change a list in place, so adding a subscription copies
 * only the subscriptions of its own topic type.
 *
 * <p>Public for runtimes in other modules, which must route publishes exactly as this one does.
 */
public final class SubscriptionIndex {

  private final Object lock = new Object();
  private final Map<String, Subscription> byId = new LinkedHashMap<>(); // guarded by lock
  private final Map<String, List<Entry>> byTopicType = new ConcurrentHashMap<>();
  private volatile List<Entry> prefixes = List.of();

  /** Adds {@code subscription} unless one with its id is present; returns whether it added it. */
  public boolean add(Subscription subscription) {
    synchronized (lock) {
      if (byId.putIfAbsent(subscription.id(), subscription) != null) {
        return false;
      }
      List<Entry> added = List.of(new Entry(subscription));
      if (subscription instanceof TypeSubscription type) {
        byTopicType.merge(type.topicType(), added, SubscriptionIndex::concat);
      } else {
        prefixes = concat(prefixes, added);
      }
      return true;
    }
  }

  /** How many subscriptions there are. */
  public int size() {
    synchronized (lock) {
      return byId.size();
    }
  }

  /** Whether a subscription with this id is present. */
  public boolean contains(String id) {
    synchronized (lock) {
      return byId.containsKey(id);
    }
  }

  /**
   * Removes the subscription with this id.
   *
   * @throws IllegalArgumentException if there is none, listing those present
   */
  public void remove(String id) {
    synchronized (lock) {
      Subscription removed = byId.remove(id);
      if (removed == null) {
        throw new IllegalArgumentException(
            "no subscription with id \"" + id + "\"; present: " + byId.keySet());
      }
      if (removed instanceof TypeSubscription type) {
        byTopicType.computeIfPresent(
            type.topicType(),
            (topicType, list) -> {
              List<Entry> rest = without(list, removed);
              return rest.isEmpty() ? null : rest;
            });
      } else {
        prefixes = without(prefixes, removed);
      }
    }
  }

  /**
   * The agents a message published to {@code topic} by {@code sender} (null from outside any agent)
   * goes to: each once, never the sender, those of type subscriptions first, then those of prefix
   * subscriptions, each kind in the order its subscriptions were added.
   */
  public List<AgentId> recipients(TopicId topic, AgentId sender) {
    List<Entry> exact = byTopicType.getOrDefault(topic.type(), List.of());
    List<Entry> scanned = prefixes;
    List<AgentId> recipients = new ArrayList<>(exact.size() + scanned.size());
    // The type subscriptions of one topic type have distinct agent types (their ids differ), so
    // they map to distinct agents; only prefix matches can repeat an agent.
    for (Entry entry : exact) {
      AgentId agent = entry.agentFor(topic);
      if (!agent.equals(sender)) {
        recipients.add(agent);
      }
    }
    for (Entry entry : scanned) {
      if (entry.subscription.matches(topic)) {
        AgentId agent = entry.agentFor(topic);
        if (!agent.equals(sender) && !recipients.contains(agent)) {
          recipients.add(agent);
        }
      }
    }
    return recipients;
  }

  private static List<Entry> concat(List<Entry> list, List<Entry> more) {
    List<Entry> joined = new ArrayList<>(list.size() + more.size());
    joined.addAll(list);
    joined.addAll(more);
    return List.copyOf(joined);
  }

  private static List<Entry> without(List<Entry> list, Subscription removed) {
    List<Entry> rest = new ArrayList<>(list);
    rest.removeIf(entry -> entry.subscription.equals(removed));
    return List.copyOf(rest);
  }

  /**
   * A subscription and the agent it last mapped a topic to. Both kinds of subscription key the
   * agent by the topic's source, and a conversation publishes to one source again and again, so
   * the last agent is usually the next one too, and a publish need not make (and check) a new id
   * per recipient.
   */
  private static final class Entry {
    final Subscription subscription;
    // Written without a lock: an AgentId is immutable, so any thread may see any one written.
    private AgentId last;

    Entry(Subscription subscription) {
      this.subscription = subscription;
    }

    /** The agent for {@code topic}, which the subscription must match. */
    AgentId agentFor(TopicId topic) {
      AgentId agent = last;
      if (agent == null || !agent.key().equals(topic.source())) {
        agent = subscription.mapToAgent(topic);
        last = agent;
      }
      return agent;
    }
  }
}
