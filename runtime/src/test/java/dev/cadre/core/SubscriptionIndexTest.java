package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {

  private final SubscriptionIndex index = new SubscriptionIndex();

  private static AgentId agent(String type, String key) {
    return new AgentId(type, key);
  }

  /** news: reader, writer (type); news* and ne*: archiver, n*: reader (prefix); sport: sports. */
  private void addMixed() {
    index.add(new TypeSubscription("news", "reader"));
    index.add(new TypePrefixSubscription("news", "archiver"));
    index.add(new TypeSubscription("sport", "sports"));
    index.add(new TypePrefixSubscription("n", "reader"));
    index.add(new TypeSubscription("news", "writer"));
    index.add(new TypePrefixSubscription("ne", "archiver"));
  }

  @Test
  void typeSubscriptionsComeFirstThenPrefixMatchesEachAgentOnce() {
    addMixed();

    assertThat(index.recipients(new TopicId("news", "s1"), null))
        .containsExactly(agent("reader", "s1"), agent("writer", "s1"), agent("archiver", "s1"));
    assertThat(index.recipients(new TopicId("newsletter", "s2"), null))
        .containsExactly(agent("archiver", "s2"), agent("reader", "s2"));
    assertThat(index.recipients(new TopicId("sport", "s3"), null))
        .containsExactly(agent("sports", "s3"));
    assertThat(index.recipients(new TopicId("weather", "s4"), null)).isEmpty();
  }

  @Test
  void theSenderIsSkippedHoweverItMatchesButNotAnotherAgentOfItsType() {
    addMixed();
    TopicId topic = new TopicId("news", "s1");

    assertThat(index.recipients(topic, agent("reader", "s1")))
        .containsExactly(agent("writer", "s1"), agent("archiver", "s1"));
    assertThat(index.recipients(topic, agent("archiver", "s1")))
        .containsExactly(agent("reader", "s1"), agent("writer", "s1"));
    assertThat(index.recipients(topic, agent("reader", "other")))
        .containsExactly(agent("reader", "s1"), agent("writer", "s1"), agent("archiver", "s1"));
  }

  @Test
  void removedSubscriptionsNoLongerMatchWhileOthersStillReachTheSameAgent() {
    addMixed();
    TopicId topic = new TopicId("news", "s1");

    index.remove(new TypeSubscription("news", "reader").id());
    // reader still matches through n*, now among the prefix matches
    assertThat(index.recipients(topic, null))
        .containsExactly(agent("writer", "s1"), agent("archiver", "s1"), agent("reader", "s1"));

    index.remove(new TypePrefixSubscription("n", "reader").id());
    index.remove(new TypePrefixSubscription("news", "archiver").id());
    assertThat(index.recipients(topic, null))
        .containsExactly(agent("writer", "s1"), agent("archiver", "s1"));

    index.remove(new TypeSubscription("news", "writer").id());
    index.remove(new TypePrefixSubscription("ne", "archiver").id());
    assertThat(index.recipients(topic, null)).isEmpty();
    assertThat(index.recipients(new TopicId("sport", "s1"), null))
        .containsExactly(agent("sports", "s1"));
  }

  @Test
  void eachPublishReachesTheAgentsOfItsOwnSourceWhateverCameBefore() {
    index.add(new TypeSubscription("news", "reader"));
    index.add(new TypePrefixSubscription("ne", "archiver"));

    for (String source : List.of("a", "a", "b", "a", "c", "c")) {
      assertThat(index.recipients(new TopicId("news", source), null))
          .containsExactly(agent("reader", source), agent("archiver", source));
    }
  }

  @Test
  void addingTwiceKeepsOneAndRemovingAnAbsentIdNamesThosePresent() {
    TypeSubscription subscription = new TypeSubscription("news", "reader");

    assertThat(index.add(subscription)).isTrue();
    assertThat(index.add(new TypeSubscription("news", "reader"))).isFalse();
    assertThat(index.recipients(new TopicId("news", "s"), null))
        .containsExactly(agent("reader", "s"));

    index.remove(subscription.id());
    assertThatThrownBy(() -> index.remove(subscription.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no subscription with id \"" + subscription.id() + "\"; present: []");
    assertThat(index.recipients(new TopicId("news", "s"), null)).isEmpty();
  }

  @Test
  void manyTopicTypesEachReachOnlyTheirOwnSubscribers() {
    int teams = 500;
    for (int i = 0; i < teams; i++) {
      index.add(new TypeSubscription("team" + i + ".output", "team" + i + ".collector"));
    }
    index.add(new TypePrefixSubscription("team7", "auditor"));

    assertThat(index.recipients(new TopicId("team3.output", "k"), null))
        .containsExactly(agent("team3.collector", "k"));
    // the auditor's prefix team7 matches team71 too
    assertThat(index.recipients(new TopicId("team71.output", "k"), null))
        .containsExactly(agent("team71.collector", "k"), agent("auditor", "k"));
    assertThat(index.recipients(new TopicId("team500.output", "k"), null)).isEmpty();
  }
}
