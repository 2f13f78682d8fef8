package dev.cadre.kafka;

/**
 * The broker could not be reached, or did not answer, within the configured timeout. The message
 * names the bootstrap servers and the timeout, so an operator can tell a wrong address from a slow
 * broker.
 */
public final class KafkaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
