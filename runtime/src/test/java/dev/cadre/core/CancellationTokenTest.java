package dev.cadre.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

  @Test
  void runsEachCallbackOnceWhenCancelled() {
    CancellationToken token = new CancellationToken();
    AtomicInteger calls = new AtomicInteger();
    token.onCancel(calls::incrementAndGet);

    token.cancel();
    token.cancel();

    assertThat(calls).hasValue(1);
    assertThat(token.isCancelled()).isTrue();
    assertThatThrownBy(token::throwIfCancelled).isInstanceOf(CancelledException.class);
  }

  @Test
  void callbackRegisteredAfterCancellationRunsAtOnce() {
    CancellationToken token = new CancellationToken();
    token.cancel();
    AtomicInteger calls = new AtomicInteger();

    token.onCancel(calls::incrementAndGet);

    assertThat(calls).hasValue(1);
  }

  @Test
  void closedRegistrationIsNotCalled() {
    CancellationToken token = new CancellationToken();
    AtomicInteger calls = new AtomicInteger();
    token.onCancel(calls::incrementAndGet).close();

    token.cancel();

    assertThat(calls).hasValue(0);
  }

  @Test
  void onlyTheCallbacksStillRegisteredRunAndClosingAfterCancellationIsHarmless() {
    CancellationToken token = new CancellationToken();
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    CancellationToken.Registration closedEarly = token.onCancel(first::incrementAndGet);
    CancellationToken.Registration kept = token.onCancel(second::incrementAndGet);
    closedEarly.close();

    token.cancel();
    kept.close();
    closedEarly.close();

    assertThat(first).hasValue(0);
    assertThat(second).hasValue(1);
  }

  @Test
  void aTokenThatNeverHadACallbackCancels() {
    CancellationToken token = new CancellationToken();

    token.cancel();

    assertThat(token.isCancelled()).isTrue();
  }
}
