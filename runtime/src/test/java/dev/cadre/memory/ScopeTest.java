package dev.cadre.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScopeTest {

  @Test
  void aKeyReadsBackAsTheSameScope() {
    for (Scope scope :
        new Scope[] {Scope.user("alice"), Scope.agent("support"), Scope.team("ops:eu")}) {
      assertThat(Scope.parse(scope.key())).isEqualTo(scope);
    }
    assertThat(Scope.team("ops:eu").key()).isEqualTo("team:ops:eu");
  }

  @Test
  void badScopesAreRefusedSayingWhy() {
    assertThatThrownBy(() -> Scope.user(" ")).hasMessageContaining("not blank");
    assertThatThrownBy(() -> Scope.user("a\nb")).hasMessageContaining("control characters");
    assertThatThrownBy(() -> Scope.parse("alice")).hasMessageContaining("kind:id");
    assertThatThrownBy(() -> Scope.parse("group:x")).hasMessageContaining("unknown kind");
  }
}
