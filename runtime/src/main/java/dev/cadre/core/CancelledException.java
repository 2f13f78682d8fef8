package dev.cadre.core;

import java.util.concurrent.CancellationException;

/** Raised by work that stopped because its {@link CancellationToken} was cancelled. */
public class CancelledException extends CancellationException {

  public CancelledException(String message) {
    super(message);
  }
}
