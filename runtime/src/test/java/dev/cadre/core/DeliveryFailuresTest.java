package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryFailuresTest {

  /** What a distributed runtime gives for an exception thrown in another process. */
  private static final class StandIn extends RuntimeException implements RemoteCause {
    private final String className;
    private final String originalMessage;

    StandIn(String className, String originalMessage) {
      super("stands for " + className);
      this.className = className;
      this.originalMessage = originalMessage;
    }

    @Override
    public String className() {
      return className;
    }

    @Override
    public String originalMessage() {
      return originalMessage;
    }
  }

  private static final class Nested extends RuntimeException {
    Nested(String message) {
      super(message);
    }
  }

  @Test
  void aFailureIsItsSimpleTypeAndMessage() {
    assertThat(DeliveryFailures.describe(new IllegalStateException("no plan")))
        .isEqualTo("IllegalStateException: no plan");
    assertThat(DeliveryFailures.describe(new Nested(null))).isEqualTo("Nested");
  }

  @Test
  void anExceptionOfAnotherProcessIsWordedAsTheOriginal() {
    class Local extends RuntimeException {}
    RuntimeException anonymous = new RuntimeException() {};
    for (Throwable original :
        new Throwable[] {
          new IllegalStateException("no plan"), new Nested("deep"), new Nested(null), new Local(),
          anonymous
        }) {
      StandIn remote = new StandIn(original.getClass().getName(), original.getMessage());

      assertThat(DeliveryFailures.describe(remote))
          .as(original.getClass().getName())
          .isEqualTo(DeliveryFailures.describe(original));
    }
  }
}
