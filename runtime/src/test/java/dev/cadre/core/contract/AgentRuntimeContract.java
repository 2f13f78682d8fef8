package dev.cadre.core.contract;

import dev.cadre.core.AgentRuntime;
import org.junit.jupiter.api.Nested;

/**
 * The behaviour every {@link AgentRuntime} keeps, as documented on that interface. A runtime's test
 * extends this class and implements {@link #newRuntime()}; every group below then runs against it.
 * Other modules get these classes through runtime's test-jar.
 */
public abstract class AgentRuntimeContract {

  /** A new, open runtime with nothing registered; each call returns a distinct one. */
  protected abstract AgentRuntime newRuntime();

  @Nested
  class Messaging extends MessagingContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Subscriptions extends SubscriptionContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Interventions extends InterventionContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Cancellation extends CancellationContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Errors extends ErrorContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Closing extends CloseContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class MessageIds extends MessageIdContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Unregistering extends UnregisterContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Calls extends CallContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }

  @Nested
  class Controls extends ControlContract {
    @Override
    protected AgentRuntime newRuntime() {
      return AgentRuntimeContract.this.newRuntime();
    }
  }
}
