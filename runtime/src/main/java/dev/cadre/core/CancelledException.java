package dev.cadre.core;

import java.util.concurrent.CancellationException;

/** Raised by work that stopped because its {@link CancellationToken} was cancelled. */
public class CancelledException extends CancellationException {

  /** A cancellation that says what stopped. */
  public CancelledException(String message) {
    super(message);
  }
}
