package dev.cadre.core;

/** A send, or its reply, was dropped by an {@link InterventionHandler}; the message says which. */
public class MessageDroppedException extends RuntimeException {

  /** A drop that says which message and which handler. */
  public MessageDroppedException(String message) {
    super(message);
  }
}
