package dev.cadre;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import java.util.concurrent.CountDownLatch;

/**
 * Wraps a model so a test can wait, without sleeping, until a call has started and until a
 * cancellation has reached a call.
 */
public final class WatchedModel implements ChatModel {

  public final CountDownLatch started = new CountDownLatch(1);
  public final CountDownLatch cancelled = new CountDownLatch(1);
  private final ChatModel delegate;

  public WatchedModel(ChatModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public ModelInfo info() {
    return delegate.info();
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    started.countDown();
    try {
      return delegate.chat(request, cancellation);
    } catch (CancelledException e) {
      cancelled.countDown();
      throw e;
    }
  }
}
