package dev.cadre.kafka;

/**
 * A topic the runtime needs exists already with other settings than the config asks for. The
 * runtime stops rather than run on it: fewer partitions than asked cap the workers that can share a
 * type, and a different partition count moves keys to other partitions, so their order and state
 * would no longer follow one owner.
 */
public final class TopicMismatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String topic;

  TopicMismatchException(String topic, String message) {
    super(message);
    this.topic = topic;
  }

  /** The topic whose settings differ. */
  public String topic() {
    return topic;
  }
}
