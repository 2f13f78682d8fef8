package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mode a test runs in: declared, overridden by the system property, then the variable. */
class ModeTest {

  @Test
  void thePropertyOverridesTheVariableWhichOverridesTheDeclaration() {
    assertThat(Mode.resolve(Mode.REPLAY, null, Map.of())).isEqualTo(Mode.REPLAY);
    assertThat(Mode.resolve(Mode.REPLAY, null, Map.of(Mode.VARIABLE, "auto"))).isEqualTo(Mode.AUTO);
    assertThat(Mode.resolve(Mode.REPLAY, " Record ", Map.of(Mode.VARIABLE, "auto")))
        .isEqualTo(Mode.RECORD);
    assertThat(Mode.resolve(Mode.AUTO, "", Map.of(Mode.VARIABLE, " "))).isEqualTo(Mode.AUTO);
  }

  @Test
  void aValueThatIsNoModeNamesWhereItCameFrom() {
    assertThatThrownBy(() -> Mode.resolve(Mode.REPLAY, "live", Map.of()))
        .hasMessage("-Dcadre.test.mode is 'live'; use record, replay or auto");
    assertThatThrownBy(() -> Mode.resolve(Mode.REPLAY, null, Map.of(Mode.VARIABLE, "rec")))
        .hasMessage("CADRE_TEST_MODE is 'rec'; use record, replay or auto");
  }
}
