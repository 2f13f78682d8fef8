package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void agentIdParsesOnTheFirstSlashAndPrintsBack() {
    AgentId id = AgentId.parse("writer.v2/conv/42");

    assertThat(id.type()).isEqualTo("writer.v2");
    assertThat(id.key()).isEqualTo("conv/42");
    assertThat(id).hasToString("writer.v2/conv/42");
    assertThat(AgentId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void agentTypeAcceptsLettersDigitsUnderscoreDashDot() {
    assertThat(new AgentId("A-z_0.9", "k").type()).isEqualTo("A-z_0.9");
  }

  @Test
  void agentTypeWithAForbiddenCharacterIsRejectedNamingValueAndRule() {
    assertThatThrownBy(() -> new AgentId("my agent", "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AgentId type \"my agent\" is invalid")
        .hasMessageContaining("letters, digits, '_', '-' or '.'");
    assertThatThrownBy(() -> new AgentId("group:chat", "k"))
        .hasMessageContaining("AgentId type \"group:chat\" is invalid");
    assertThatThrownBy(() -> new AgentId("", "k"))
        .hasMessageContaining("AgentId type \"\" is invalid");
  }

  @Test
  void agentKeyMustBeNonEmptyWithoutControlCharacters() {
    assertThatThrownBy(() -> new AgentId("writer", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AgentId key must not be empty");
    assertThatThrownBy(() -> new AgentId("writer", "line\none"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "AgentId key \"line\\u000aone\" contains a control character at index 4")
        .hasMessageNotContaining("\n");
    assertThat(new AgentId("writer", "any text: ü / é").key()).isEqualTo("any text: ü / é");
  }

  @Test
  void agentIdWithoutSlashIsRejected() {
    assertThatThrownBy(() -> AgentId.parse("writer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AgentId \"writer\" is invalid: write it as type/key");
    assertThatThrownBy(() -> AgentId.parse("writer/")).hasMessage("AgentId key must not be empty");
  }

  @Test
  void topicIdParsesOnTheFirstSlashAndAllowsColonAndEquals() {
    TopicId topic = TopicId.parse("chat:group=1/run/7");

    assertThat(topic.type()).isEqualTo("chat:group=1");
    assertThat(topic.source()).isEqualTo("run/7");
    assertThat(topic).hasToString("chat:group=1/run/7");
    assertThat(TopicId.parse(topic.toString())).isEqualTo(topic);
  }

  @Test
  void typesAcceptOnlyTheirAsciiCharacters() {
    assertThat(new TopicId("aZ09_.-:=", "s").type()).isEqualTo("aZ09_.-:=");
    for (String bad : List.of("caf\u00e9", "a/b", "a b", "a=b", "a:b", "a+b", "\u0661")) {
      assertThatThrownBy(() -> new AgentId(bad, "k"))
          .as("agent type %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String bad : List.of("caf\u00e9", "a/b", "a b", "a+b", "a@b", "\u0661")) {
      assertThatThrownBy(() -> new TopicId(bad, "s"))
          .as("topic type %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void topicIdValidationNamesValueAndRule() {
    assertThatThrownBy(() -> new TopicId("chat group", "s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TopicId type \"chat group\" is invalid")
        .hasMessageContaining("':' or '='");
    assertThatThrownBy(() -> new TopicId("chat", ""))
        .hasMessage("TopicId source must not be empty");
    assertThatThrownBy(() -> new TopicId("chat", "tab\there"))
        .hasMessageContaining("TopicId source \"tab\\u0009here\" contains a control character");
    assertThatThrownBy(() -> TopicId.parse("chat")).hasMessageContaining("write it as type/source");
  }

  @Test
  void typeSubscriptionMatchesExactTypeAndKeysAgentBySource() {
    TypeSubscription subscription = new TypeSubscription("news", "reader");

    assertThat(subscription.matches(new TopicId("news", "s1"))).isTrue();
    assertThat(subscription.matches(new TopicId("newsletter", "s1"))).isFalse();
    assertThat(subscription.mapToAgent(new TopicId("news", "s1")))
        .isEqualTo(new AgentId("reader", "s1"));
    assertThatThrownBy(() -> subscription.mapToAgent(new TopicId("sports", "s1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match topic sports/s1");
  }

  @Test
  void prefixSubscriptionMatchesTypesStartingWithPrefix() {
    TypePrefixSubscription subscription = new TypePrefixSubscription("news", "reader");

    assertThat(subscription.matches(new TopicId("news", "s"))).isTrue();
    assertThat(subscription.matches(new TopicId("news.sport", "s"))).isTrue();
    assertThat(subscription.matches(new TopicId("new", "s"))).isFalse();
    assertThat(subscription.mapToAgent(new TopicId("news.sport", "s2")))
        .isEqualTo(new AgentId("reader", "s2"));
    assertThatThrownBy(() -> subscription.mapToAgent(new TopicId("sport", "s")))
        .hasMessageContaining("must start with news");
  }

  @Test
  void subscriptionIdsDependOnlyOnFieldsAndDifferByKind() {
    assertThat(new TypeSubscription("news", "reader").id())
        .isEqualTo(new TypeSubscription("news", "reader").id())
        .isNotEqualTo(new TypeSubscription("news", "writer").id())
        .isNotEqualTo(new TypePrefixSubscription("news", "reader").id());
  }

  @Test
  void subscriptionFieldsAreValidated() {
    assertThatThrownBy(() -> new TypeSubscription("news", "bad type"))
        .hasMessageContaining("TypeSubscription agentType \"bad type\" is invalid");
    assertThatThrownBy(() -> new TypePrefixSubscription("", "reader"))
        .hasMessageContaining("TypePrefixSubscription topicTypePrefix \"\" is invalid");
  }
}
