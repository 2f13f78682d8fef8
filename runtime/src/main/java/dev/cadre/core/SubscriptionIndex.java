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
 */
final class SubscriptionIndex {

  private final Object lock = new Object();
  private final Map<String, Subscription> byId = new LinkedHashMap<>(); // guarded by lock
  private final Map<String, List<TypeSubscription>> byTopicType = new ConcurrentHashMap<>();
  private volatile List<TypePrefixSubscription> prefixes = List.of();

  /** Adds {@code subscription} unless one with its id is present; returns whether it added it. */
  boolean add(Subscription subscription) {
    synchronized (lock) {
      if (byId.putIfAbsent(subscription.id(), subscription) != null) {
        return false;
      }
      if (subscription instanceof TypeSubscription type) {
        byTopicType.merge(type.topicType(), List.of(type), SubscriptionIndex::concat);
      } else {
        prefixes = concat(prefixes, List.of((TypePrefixSubscription) subscription));
      }
      return true;
    }
  }

  /**
   * Removes the subscription with this id.
   *
   * @throws IllegalArgumentException if there is none, listing those present
   */
  void remove(String id) {
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
              List<TypeSubscription> rest = without(list, type);
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
  List<AgentId> recipients(TopicId topic, AgentId sender) {
    List<TypeSubscription> exact = byTopicType.getOrDefault(topic.type(), List.of());
    List<TypePrefixSubscription> scanned = prefixes;
    List<AgentId> recipients = new ArrayList<>(exact.size() + scanned.size());
    // The type subscriptions of one topic type have distinct agent types (their ids differ), so
    // they map to distinct agents; only prefix matches can repeat an agent.
    for (TypeSubscription subscription : exact) {
      AgentId agent = subscription.mapToAgent(topic);
      if (!agent.equals(sender)) {
        recipients.add(agent);
      }
    }
    for (TypePrefixSubscription subscription : scanned) {
      if (subscription.matches(topic)) {
        AgentId agent = subscription.mapToAgent(topic);
        if (!agent.equals(sender) && !recipients.contains(agent)) {
          recipients.add(agent);
        }
      }
    }
    return recipients;
  }

  private static <T> List<T> concat(List<T> list, List<T> more) {
    List<T> joined = new ArrayList<>(list.size() + more.size());
    joined.addAll(list);
    joined.addAll(more);
    return List.copyOf(joined);
  }

  private static <T> List<T> without(List<T> list, Object removed) {
    List<T> rest = new ArrayList<>(list);
    rest.remove(removed);
    return List.copyOf(rest);
  }
}
