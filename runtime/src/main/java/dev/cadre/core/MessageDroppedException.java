package dev.cadre.core;

/** A send, or its reply, was dropped by an {@link InterventionHandler}; the message says which. */
public class MessageDroppedException extends RuntimeException {

  public MessageDroppedException(String message) {
    super(message);
  }
}
