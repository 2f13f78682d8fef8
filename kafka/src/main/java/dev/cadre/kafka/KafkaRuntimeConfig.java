package dev.cadre.kafka;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the Kafka runtime's broker is and how it lays out its topics. Immutable; build it with
 * {@link #builder()} or read it from the process environment with {@link #fromEnvironment()}.
 *
 * <p>Every setting is checked when the config is built, so a typo fails at startup with a message
 * naming the setting, the bad value and the expected form, instead of as a broker timeout later.
 *
 * <p>Environment variables read by {@link #fromEnvironment()} (each optional, blank means unset):
 *
 * <ul>
 *   <li>{@code CADRE_KAFKA_BOOTSTRAP_SERVERS}: {@code host:port[,host:port...]}, default {@value
 *       #DEFAULT_BOOTSTRAP_SERVERS}
 *   <li>{@code CADRE_KAFKA_TOPIC_PREFIX}: letters, digits, '.', '_' or '-', default {@value
 *       #DEFAULT_TOPIC_PREFIX}
 *   <li>{@code CADRE_KAFKA_PARTITIONS}: partitions per agent-type topic, default {@value
 *       #DEFAULT_PARTITIONS}
 *   <li>{@code CADRE_KAFKA_REPLICATION_FACTOR}: replicas per partition, default {@value
 *       #DEFAULT_REPLICATION_FACTOR} (use 3 on a production cluster)
 *   <li>{@code CADRE_KAFKA_REQUEST_TIMEOUT}: bound on one broker request, default 30s
 *   <li>{@code CADRE_KAFKA_STARTUP_TIMEOUT}: bound on reaching the broker and creating topics,
 *       default 30s
 *   <li>{@code CADRE_KAFKA_SEND_TIMEOUT}: how long a {@code send} waits for its reply, not counting
 *       time the broker was away, default 5m
 *   <li>{@code CADRE_KAFKA_OUTAGE_WINDOW}: how long the runtime waits for a broker that does not
 *       answer before what waits on it fails, default 2m
 *   <li>{@code CADRE_KAFKA_SESSION_TIMEOUT}: how long the group waits for a silent worker before it
 *       moves that worker's agents; unset means the broker's {@code
 *       group.consumer.session.timeout.ms}
 *   <li>{@code CADRE_KAFKA_HOSTED_TYPES}: comma-separated agent types this process handles; unset
 *       means every type it registers
 *   <li>{@code CADRE_KAFKA_TRUSTED_PACKAGES}: comma-separated packages whose classes may be read
 *       from messages, besides {@code dev.cadre} and the JDK's value types
 * </ul>
 *
 * Durations are written {@code 500ms}, {@code 30s}, {@code 2m} or ISO-8601 ({@code PT30S}).
 */
public final class KafkaRuntimeConfig {

  /** A broker on this machine, Kafka's usual port. */
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

  public static final String DEFAULT_TOPIC_PREFIX = "cadre";
  public static final int DEFAULT_PARTITIONS = 3;

  /** One replica suits a single development broker; a production cluster wants 3. */
  public static final short DEFAULT_REPLICATION_FACTOR = 1;

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** A send waits this long for its reply by default: long enough for a model call or a team run. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofMinutes(5);

  /** A broker restart, or a rolling one, takes well under this. */
  public static final Duration DEFAULT_BROKER_OUTAGE_WINDOW = Duration.ofMinutes(2);

  /** Kafka's limit on a topic name's length. */
  static final int MAX_TOPIC_NAME_LENGTH = 249;

  private static final String NAME_CHARS = "letters a-z or A-Z, digits, '.', '_' or '-'";

  private final String bootstrapServers;
  private final String topicPrefix;
  private final int partitions;
  private final short replicationFactor;
  private final Duration requestTimeout;
  private final Duration startupTimeout;
  private final Duration sendTimeout;
  private final Duration brokerOutageWindow;
  private final Duration sessionTimeout;
  private final Set<String> hostedTypes;
  private final List<String> trustedPackages;

  private KafkaRuntimeConfig(Builder b) {
    this.bootstrapServers = checkBootstrapServers("bootstrapServers", b.bootstrapServers);
    this.topicPrefix = checkTopicPrefix("topicPrefix", b.topicPrefix);
    this.partitions = checkAtLeastOne("partitions", b.partitions);
    this.replicationFactor = checkReplicationFactor("replicationFactor", b.replicationFactor);
    this.requestTimeout = checkPositive("requestTimeout", b.requestTimeout);
    this.startupTimeout = checkPositive("startupTimeout", b.startupTimeout);
    this.sendTimeout = checkPositive("sendTimeout", b.sendTimeout);
    this.brokerOutageWindow = checkPositive("brokerOutageWindow", b.brokerOutageWindow);
    this.sessionTimeout =
        b.sessionTimeout == null ? null : checkSessionTimeout("sessionTimeout", b.sessionTimeout);
    this.hostedTypes = b.hostedTypes == null ? null : Set.copyOf(b.hostedTypes);
    this.trustedPackages = List.copyOf(b.trustedPackages);
    for (String p : trustedPackages) {
      if (p.isBlank() || !legalPackage(p)) {
        throw new IllegalArgumentException(
            "trustedPackages holds " + quote(p) + "; expected a Java package name such as com.acme");
      }
    }
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Reads the process environment; see the class comment for the variables. */
  public static KafkaRuntimeConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * Reads the given variables as {@link #fromEnvironment()} reads the process's.
   *
   * @throws IllegalArgumentException naming the variable, its value and the expected form
   */
  public static KafkaRuntimeConfig fromEnvironment(Map<String, String> env) {
    Builder b = builder();
    String servers = value(env, "CADRE_KAFKA_BOOTSTRAP_SERVERS");
    if (servers != null) {
      b.bootstrapServers(checkBootstrapServers("CADRE_KAFKA_BOOTSTRAP_SERVERS", servers));
    }
    String prefix = value(env, "CADRE_KAFKA_TOPIC_PREFIX");
    if (prefix != null) {
      b.topicPrefix(checkTopicPrefix("CADRE_KAFKA_TOPIC_PREFIX", prefix));
    }
    String partitions = value(env, "CADRE_KAFKA_PARTITIONS");
    if (partitions != null) {
      b.partitions(
          checkAtLeastOne(
              "CADRE_KAFKA_PARTITIONS", parseInt("CADRE_KAFKA_PARTITIONS", partitions)));
    }
    String replication = value(env, "CADRE_KAFKA_REPLICATION_FACTOR");
    if (replication != null) {
      int parsed = parseInt("CADRE_KAFKA_REPLICATION_FACTOR", replication);
      b.replicationFactor(checkReplicationFactor("CADRE_KAFKA_REPLICATION_FACTOR", parsed));
    }
    String request = value(env, "CADRE_KAFKA_REQUEST_TIMEOUT");
    if (request != null) {
      b.requestTimeout(
          checkPositive(
              "CADRE_KAFKA_REQUEST_TIMEOUT",
              parseDuration("CADRE_KAFKA_REQUEST_TIMEOUT", request)));
    }
    String startup = value(env, "CADRE_KAFKA_STARTUP_TIMEOUT");
    if (startup != null) {
      b.startupTimeout(
          checkPositive(
              "CADRE_KAFKA_STARTUP_TIMEOUT",
              parseDuration("CADRE_KAFKA_STARTUP_TIMEOUT", startup)));
    }
    String send = value(env, "CADRE_KAFKA_SEND_TIMEOUT");
    if (send != null) {
      b.sendTimeout(
          checkPositive(
              "CADRE_KAFKA_SEND_TIMEOUT", parseDuration("CADRE_KAFKA_SEND_TIMEOUT", send)));
    }
    String window = value(env, "CADRE_KAFKA_OUTAGE_WINDOW");
    if (window != null) {
      b.brokerOutageWindow(
          checkPositive(
              "CADRE_KAFKA_OUTAGE_WINDOW", parseDuration("CADRE_KAFKA_OUTAGE_WINDOW", window)));
    }
    String session = value(env, "CADRE_KAFKA_SESSION_TIMEOUT");
    if (session != null) {
      b.sessionTimeout(
          checkSessionTimeout(
              "CADRE_KAFKA_SESSION_TIMEOUT",
              parseDuration("CADRE_KAFKA_SESSION_TIMEOUT", session)));
    }
    String hosted = value(env, "CADRE_KAFKA_HOSTED_TYPES");
    if (hosted != null) {
      b.hostedTypes(list(hosted));
    }
    String trusted = value(env, "CADRE_KAFKA_TRUSTED_PACKAGES");
    if (trusted != null) {
      b.trustedPackages(list(trusted));
    }
    return b.build();
  }

  /** The brokers a client contacts first, as {@code host:port[,host:port...]}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Starts every topic name this runtime creates, so several systems can share one cluster. */
  public String topicPrefix() {
    return topicPrefix;
  }

  /** Partitions per agent-type topic: the most workers that can share one agent type. */
  public int partitions() {
    return partitions;
  }

  /** Replicas per partition; it cannot exceed the number of brokers. */
  public short replicationFactor() {
    return replicationFactor;
  }

  /**
   * Bound on one broker request; a request that times out is tried again, up to {@link
   * #brokerOutageWindow}.
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Bound on reaching the broker and creating topics when a runtime starts. */
  public Duration startupTimeout() {
    return startupTimeout;
  }

  /**
   * How long a {@code send} waits for its reply before its future fails. Time the broker was away
   * (up to {@link #brokerOutageWindow}) does not count: an outage delays a reply, it does not use
   * up the handler's time.
   */
  public Duration sendTimeout() {
    return sendTimeout;
  }

  /**
   * How long the runtime rides out a broker that does not answer (a restart, a network partition)
   * before what waits on it fails. Within it, writes wait for the broker and are retried, sends
   * keep waiting for their replies and a worker taking partitions over waits to read their state;
   * nothing fails and nothing is lost. Past it, a write fails, and a send waiting for its reply
   * fails, each naming the brokers and this setting. Startup is bounded by {@link #startupTimeout}
   * instead: a broker missing when a process starts is taken for a wrong address.
   */
  public Duration brokerOutageWindow() {
    return brokerOutageWindow;
  }

  /**
   * How long a worker may go without a heartbeat before its group takes its partitions away and
   * gives them to the others: after a {@code kill -9}, the agents that lived there are away about
   * this long. Null (the default) leaves the broker's {@code group.consumer.session.timeout.ms}
   * (45 s unless changed) in force. When set, the runtime sets it on the consumer group of every
   * type it hosts ({@code consumer.session.timeout.ms}), with a heartbeat a quarter of it ({@code
   * consumer.heartbeat.interval.ms}) and assignments computed at once ({@code
   * consumer.assignment.interval.ms} 0), so the broker must allow them: {@code
   * group.consumer.min.session.timeout.ms} and {@code group.consumer.min.heartbeat.interval.ms} at
   * most these values. Shorter moves agents sooner after a crash, but a live worker that stalls
   * longer than this (a long GC pause, a starved machine) loses its partitions too, and its
   * handlers in flight run again elsewhere.
   */
  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  /** The heartbeat interval set with {@link #sessionTimeout}: a quarter of it. */
  Duration heartbeatInterval() {
    return sessionTimeout == null ? null : sessionTimeout.dividedBy(4);
  }

  /**
   * Whether this process handles messages for agents of {@code type} once it registers the type.
   * A process registers every type of the system it runs (so it can address them), but hosts only
   * these.
   */
  public boolean hosts(String type) {
    return hostedTypes == null || hostedTypes.contains(type);
  }

  /** Packages (with their subpackages) whose classes may be read from messages. */
  public List<String> trustedPackages() {
    return trustedPackages;
  }

  /**
   * The topic that carries messages for agents of {@code agentType}: {@code <prefix>.agent.<type>}.
   *
   * @throws IllegalArgumentException if the type holds a character Kafka refuses in a topic name,
   *     or the name would be longer than Kafka allows
   */
  public String agentTopic(String agentType) {
    Objects.requireNonNull(agentType, "agentType");
    if (agentType.isEmpty() || !legalName(agentType)) {
      throw new IllegalArgumentException(
          "agent type " + quote(agentType) + " cannot name a Kafka topic: use " + NAME_CHARS);
    }
    String topic = topicPrefix + ".agent." + agentType;
    if (topic.length() > MAX_TOPIC_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "agent type "
              + quote(agentType)
              + " makes topic name "
              + quote(topic)
              + " of "
              + topic.length()
              + " characters; Kafka allows at most "
              + MAX_TOPIC_NAME_LENGTH
              + ": shorten the type or topicPrefix");
    }
    return topic;
  }

  /** The compacted topic holding the state of agents of {@code agentType}, partitioned alike. */
  String stateTopic(String agentType) {
    String agentTopic = agentTopic(agentType); // checks the type and the length
    return topicPrefix + ".state." + agentTopic.substring(topicPrefix.length() + ".agent.".length());
  }

  /** The consumer group of the workers that host {@code agentType}. */
  String consumerGroup(String agentType) {
    return topicPrefix + ".type." + agentType;
  }

  /** The topic that carries replies to sends back to the processes that sent them. */
  String repliesTopic() {
    return topicPrefix + ".replies";
  }

  /** The compacted topic of subscriptions, which every process reads. */
  String subscriptionsTopic() {
    return topicPrefix + ".subscriptions";
  }

  /** A builder starting from this config's settings. */
  public Builder toBuilder() {
    return builder()
        .bootstrapServers(bootstrapServers)
        .topicPrefix(topicPrefix)
        .partitions(partitions)
        .replicationFactor(replicationFactor)
        .requestTimeout(requestTimeout)
        .startupTimeout(startupTimeout)
        .sendTimeout(sendTimeout)
        .brokerOutageWindow(brokerOutageWindow)
        .sessionTimeout(sessionTimeout)
        .hostedTypes(hostedTypes)
        .trustedPackages(trustedPackages);
  }

  @Override
  public String toString() {
    return "KafkaRuntimeConfig[bootstrapServers="
        + bootstrapServers
        + ", topicPrefix="
        + topicPrefix
        + ", partitions="
        + partitions
        + ", replicationFactor="
        + replicationFactor
        + ", requestTimeout="
        + requestTimeout
        + ", startupTimeout="
        + startupTimeout
        + ", sendTimeout="
        + sendTimeout
        + ", brokerOutageWindow="
        + brokerOutageWindow
        + ", sessionTimeout="
        + (sessionTimeout == null ? "broker's" : sessionTimeout)
        + ", hostedTypes="
        + (hostedTypes == null ? "all" : new java.util.TreeSet<>(hostedTypes))
        + ", trustedPackages="
        + trustedPackages
        + "]";
  }

  /** Collects settings; {@link #build()} checks them all. */
  public static final class Builder {
    private String bootstrapServers = DEFAULT_BOOTSTRAP_SERVERS;
    private String topicPrefix = DEFAULT_TOPIC_PREFIX;
    private int partitions = DEFAULT_PARTITIONS;
    private int replicationFactor = DEFAULT_REPLICATION_FACTOR;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
    private Duration sendTimeout = DEFAULT_SEND_TIMEOUT;
    private Duration brokerOutageWindow = DEFAULT_BROKER_OUTAGE_WINDOW;
    private Duration sessionTimeout;
    private Set<String> hostedTypes;
    private List<String> trustedPackages = List.of();

    private Builder() {}

    /** Positive. */
    public Builder sendTimeout(Duration sendTimeout) {
      this.sendTimeout = sendTimeout;
      return this;
    }

    /** Positive; see {@link KafkaRuntimeConfig#brokerOutageWindow()}. */
    public Builder brokerOutageWindow(Duration brokerOutageWindow) {
      this.brokerOutageWindow = brokerOutageWindow;
      return this;
    }

    /**
     * At least 100 ms, or null (the default) for the broker's; see {@link
     * KafkaRuntimeConfig#sessionTimeout()}.
     */
    public Builder sessionTimeout(Duration sessionTimeout) {
      this.sessionTimeout = sessionTimeout;
      return this;
    }

    /** The agent types this process handles; null (the default) for every type it registers. */
    public Builder hostedTypes(java.util.Collection<String> hostedTypes) {
      this.hostedTypes = hostedTypes == null ? null : new LinkedHashSet<>(hostedTypes);
      return this;
    }

    /** Packages of the application's message classes, e.g. {@code com.acme.agents}. */
    public Builder trustedPackages(java.util.Collection<String> trustedPackages) {
      this.trustedPackages = List.copyOf(trustedPackages);
      return this;
    }

    /** {@code host:port[,host:port...]}. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** Letters, digits, '.', '_' or '-'. */
    public Builder topicPrefix(String topicPrefix) {
      this.topicPrefix = topicPrefix;
      return this;
    }

    /** At least 1. */
    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /** From 1 to {@link Short#MAX_VALUE}. */
    public Builder replicationFactor(int replicationFactor) {
      this.replicationFactor = replicationFactor;
      return this;
    }

    /** Positive. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Positive. */
    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
      return this;
    }

    /**
     * The config.
     *
     * @throws IllegalArgumentException naming the first bad setting, its value and the expected
     *     form
     */
    public KafkaRuntimeConfig build() {
      return new KafkaRuntimeConfig(this);
    }
  }

  private static String checkBootstrapServers(String setting, String value) {
    String expected =
        "; expected host:port[,host:port...] with a port from 1 to 65535, e.g. localhost:9092";
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " is " + quote(value) + expected);
    }
    for (String server : value.split(",", -1)) {
      String s = server.strip();
      int colon = s.lastIndexOf(':');
      boolean valid = colon > 0 && colon < s.length() - 1;
      if (valid) {
        try {
          int port = Integer.parseInt(s.substring(colon + 1));
          valid = port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new IllegalArgumentException(
            setting
                + " is "
                + quote(value)
                + ": entry "
                + quote(s)
                + " is not host:port"
                + expected);
      }
    }
    return value.strip();
  }

  private static String checkTopicPrefix(String setting, String value) {
    // Room for ".agent." and a type of at least one character.
    int max = MAX_TOPIC_NAME_LENGTH - ".agent.".length() - 1;
    if (value == null || value.isEmpty() || !legalName(value) || value.length() > max) {
      throw new IllegalArgumentException(
          setting
              + " is "
              + quote(value)
              + "; expected 1 to "
              + max
              + " "
              + NAME_CHARS
              + ", e.g. "
              + DEFAULT_TOPIC_PREFIX);
    }
    return value;
  }

  private static int checkAtLeastOne(String setting, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(
          setting + " is " + value + "; expected a whole number of at least 1");
    }
    return value;
  }

  private static short checkReplicationFactor(String setting, int value) {
    if (value < 1 || value > Short.MAX_VALUE) {
      throw new IllegalArgumentException(
          setting
              + " is "
              + value
              + "; expected a whole number from 1 to "
              + Short.MAX_VALUE
              + ", at most the number of brokers");
    }
    return (short) value;
  }

  private static Duration checkPositive(String setting, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(
          setting + " is " + value + "; expected a positive duration, e.g. 30s or 500ms");
    }
    return value;
  }

  /** Whole milliseconds, at least 100, so that a quarter of it is a heartbeat Kafka takes. */
  private static Duration checkSessionTimeout(String setting, Duration value) {
    if (value == null || value.toMillis() < 100 || value.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          setting + " is " + value + "; expected a duration of at least 100ms, e.g. 1500ms");
    }
    return Duration.ofMillis(value.toMillis());
  }

  private static int parseInt(String setting, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          setting + " is " + quote(value) + "; expected a whole number of at least 1", e);
    }
  }

  /** Reads {@code 500ms}, {@code 30s}, {@code 2m} or ISO-8601 such as {@code PT30S}. */
  private static Duration parseDuration(String setting, String value) {
    String v = value.toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("pt") || v.startsWith("p")) {
        return Duration.parse(value);
      } else if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      // reported below, with the expected form
    }
    throw new IllegalArgumentException(
        setting + " is " + quote(value) + "; expected a duration such as 500ms, 30s, 2m or PT30S");
  }

  private static List<String> list(String commaSeparated) {
    List<String> items = new ArrayList<>();
    for (String item : commaSeparated.split(",")) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  private static boolean legalPackage(String value) {
    for (String part : value.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean legalName(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String value(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String quote(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
