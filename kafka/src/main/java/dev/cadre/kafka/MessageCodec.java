package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import dev.cadre.core.Json;
import java.io.IOException;
import java.util.List;

/**
 * Turns messages into JSON and back without losing their types: every value whose declared type
 * does not say what it is (a message, an element of a {@code List<Object>}) carries its class name,
 * so a record sent by one process is the same record in another.
 *
 * <p>Only classes of trusted packages are read: {@code dev.cadre}, the JDK's value and collection
 * types, and the packages the config adds. A class name in a message is data from the network, and
 * reading any class it names would let a sender construct arbitrary objects.
 */
final class MessageCodec {

  private static final List<String> ALWAYS_TRUSTED =
      List.of("dev.cadre.", "java.lang.", "java.util.", "java.time.", "java.math.");

  private final ObjectMapper typed;
  private final List<String> trusted;

  MessageCodec(List<String> trustedPackages) {
    BasicPolymorphicTypeValidator.Builder validator = BasicPolymorphicTypeValidator.builder();
    List<String> all = new java.util.ArrayList<>(ALWAYS_TRUSTED);
    for (String p : trustedPackages) {
      all.add(p.endsWith(".") ? p : p + ".");
    }
    for (String prefix : all) {
      validator.allowIfSubType(prefix);
    }
    validator.allowIfSubTypeIsArray();
    PolymorphicTypeValidator ptv = validator.build();
    this.typed =
        Json.mapper()
            .copy()
            .activateDefaultTyping(ptv, ObjectMapper.DefaultTyping.NON_FINAL);
    this.trusted = List.copyOf(all);
  }

  /** The message as JSON, with the class names reading it back needs; null for null. */
  JsonNode write(Object message) {
    if (message == null) {
      return null;
    }
    try {
      return typed.readTree(typed.writerFor(Object.class).writeValueAsBytes(message));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot write "
              + message.getClass().getName()
              + " as JSON for Kafka: "
              + e.getMessage()
              + "; messages must be plain values (records, lists, maps, strings, numbers) that"
              + " Jackson can write and read back",
          e);
    }
  }

  /**
   * The message {@link #write} wrote.
   *
   * @throws IllegalArgumentException naming the class and, when it is not trusted, the setting
   */
  Object read(JsonNode body, String messageType) {
    if (body == null || body.isNull()) {
      return null;
    }
    try {
      return typed.readerFor(Object.class).readValue(typed.treeAsTokens(body));
    } catch (IOException e) {
      String type = messageType == null ? "a message" : messageType;
      boolean untrusted = messageType != null && trusted.stream().noneMatch(messageType::startsWith);
      throw new IllegalArgumentException(
          "cannot read "
              + type
              + " from JSON: "
              + e.getMessage()
              + (untrusted
                  ? "; its package is not trusted: add it to trustedPackages"
                      + " (CADRE_KAFKA_TRUSTED_PACKAGES)"
                  : ""),
          e);
    }
  }

  /** The envelope as bytes for a record's value. */
  static byte[] encode(Envelope envelope) {
    try {
      return Json.mapper().writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a Cadre envelope: " + e.getMessage(), e);
    }
  }

  /** The envelope a record's value holds. */
  static Envelope decode(byte[] value) throws IOException {
    return Json.mapper().readValue(value, Envelope.class);
  }
}
