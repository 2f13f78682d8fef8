package dev.cadre.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.http.Secrets;
import dev.cadre.tool.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A file of recorded exchanges with models and tools, one JSON object a line, that a test replays
 * instead of calling them.
 *
 * <p>Each model (and each recorded tool set) has its own named <em>track</em>, so a selector's
 * model and its agents' models replay independently however their calls interleave. In {@link
 * Mode#RECORD} every call goes to the live model and is written down, request, response and
 * streamed chunks, with every secret masked by the runtime's one masker ({@link Secrets}); in
 * {@link Mode#REPLAY} every call is answered from the file, and a request that differs from the
 * recorded one, beyond the fields and text declared free to vary, fails with a diff. Lines are
 * written sorted by track and call, with no time or machine in them, so recording the same
 * conversation twice writes the same file.
 *
 * <p>{@link #close()} ends the test's use of it: a recording is written; a replay fails if a
 * request did not match or a recorded exchange was never asked for.
 */
public final class Cassette implements AutoCloseable {

  private final Path file;
  private final boolean recording;
  private final Function<String, ChatModel> live;
  private final RequestDiff diff;
  private final Set<String> freeFields;
  private final Set<String> secrets = new LinkedHashSet<>();
  private final Map<String, List<ObjectNode>> recorded;
  private final Map<String, boolean[]> used = new LinkedHashMap<>();
  private final Map<String, Integer> calls = new LinkedHashMap<>();
  private final List<ObjectNode> written = new ArrayList<>();
  private final Map<String, CassetteModel> models = new LinkedHashMap<>();
  private final Map<String, List<ChatRequest>> requests = new LinkedHashMap<>();
  private AssertionError mismatch;
  private boolean closed;

  private Cassette(Builder b) {
    this.file = b.file;
    this.recording = b.mode.records(b.file);
    this.freeFields = Set.copyOf(b.freeFields);
    this.diff = new RequestDiff(b.freeFields, b.varyingText);
    this.secrets.addAll(b.secrets);
    this.live = b.live != null ? b.live : new EnvironmentModels(this::addSecrets);
    this.recorded = recording ? Map.of() : read(file);
  }

  /** Starts a cassette kept in {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(file);
  }

  /** The file it is kept in. */
  public Path file() {
    return file;
  }

  /** Whether it calls live models and writes what they say, rather than replaying. */
  public boolean recording() {
    return recording;
  }

  /**
   * The model of track {@code track}: the live one, recorded, or its replay. The same track gives
   * the same model every time.
   */
  public synchronized ChatModel model(String track) {
    checkTrack(track);
    CassetteModel model = models.get(track);
    if (model == null) {
      model = new CassetteModel(this, track, recording ? live.apply(track) : null);
      models.put(track, model);
    }
    return model;
  }

  /**
   * {@code tool} on this cassette: when recording it runs and each call's arguments and result are
   * written down (track {@code tool:<name>}); when replaying it does not run, and each call is
   * answered with the recorded result, or fails with the recorded error. Arguments that differ from
   * the recorded ones fail the test with a diff, as a model request does.
   */
  public Tool tool(Tool tool) {
    return CassetteTools.wrap(this, Objects.requireNonNull(tool, "tool"));
  }

  /**
   * A set of tools on this cassette, such as an MCP server's: when recording, {@code live} is asked
   * for them and their specs are kept (track {@code tools:<set>}) along with each call; when
   * replaying, {@code live} is never asked, so the test runs with no server present.
   *
   * @throws IllegalStateException when replaying a cassette that holds no such set
   */
  public List<Tool> tools(String set, Supplier<List<Tool>> live) {
    checkTrack(set);
    return CassetteTools.wrapSet(this, set, Objects.requireNonNull(live, "live"));
  }

  /** Every request the model of {@code track} received in this test, in order. */
  public synchronized List<ChatRequest> requests(String track) {
    return List.copyOf(requests.getOrDefault(track, List.of()));
  }

  /**
   * Ends the test's use of the cassette: writes it when recording; when replaying, fails with the
   * first request that did not match, or names the recorded exchanges nobody asked for.
   *
   * @throws AssertionError when the replay did not go as recorded
   * @throws UncheckedIOException when the recording cannot be written
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (recording) {
      write();
      return;
    }
    if (mismatch != null) {
      throw mismatch;
    }
    List<String> unused = new ArrayList<>();
    for (Map.Entry<String, List<ObjectNode>> track : recorded.entrySet()) {
      boolean[] taken = used.get(track.getKey());
      int left = 0;
      for (int i = 0; i < track.getValue().size(); i++) {
        if ((taken == null || !taken[i]) && track.getValue().get(i).path("call").asInt() > 0) {
          left++;
        }
      }
      if (left > 0) {
        unused.add("track \"" + track.getKey() + "\": " + left + " of " + count(track.getValue()));
      }
    }
    if (!unused.isEmpty()) {
      throw new AssertionError(
          "cassette "
              + file
              + ": recorded exchanges were never asked for ("
              + String.join("; ", unused)
              + "). The system under test made fewer calls than when it was recorded; re-record"
              + " with -D"
              + Mode.PROPERTY
              + "=record if that is expected.");
    }
  }

  private static long count(List<ObjectNode> lines) {
    return lines.stream().filter(line -> line.path("call").asInt() > 0).count();
  }

  // ---- for the recording models and tools of this package ----

  /** The next call number of {@code track}, from 1, in the order calls arrive. */
  synchronized int nextCall(String track) {
    return calls.merge(track, 1, Integer::sum);
  }

  synchronized void noteRequest(String track, ChatRequest request) {
    requests.computeIfAbsent(track, t -> new ArrayList<>()).add(request);
  }

  /** Keeps a line to write; its secrets are masked when the file is written. */
  synchronized void record(ObjectNode line) {
    written.add(line);
  }

  /** Masks these values too: credentials a live model or tool was made with. */
  synchronized void addSecrets(List<String> values) {
    secrets.addAll(values);
  }

  /** The track's description line (call 0), or null when none was recorded. */
  synchronized ObjectNode header(String track) {
    for (ObjectNode line : recorded.getOrDefault(track, List.of())) {
      if (line.path("call").asInt() == 0) {
        return line;
      }
    }
    return null;
  }

  /**
   * The recorded exchange that answers {@code request} on {@code track}: the next one in order when
   * it matches, else any unused one that matches (parallel calls arrive in any order).
   *
   * @throws AssertionError with a diff against the next exchange in order when none matches; the
   *     first such failure is thrown again by {@link #close()}, in case the system under test
   *     caught it
   */
  synchronized ObjectNode replay(String track, String field, JsonNode request) {
    List<ObjectNode> lines = recorded.getOrDefault(track, List.of());
    boolean[] taken = used.computeIfAbsent(track, t -> new boolean[lines.size()]);
    JsonNode masked = mask(request);
    int next = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (!taken[i] && lines.get(i).path("call").asInt() > 0) {
        if (next < 0) {
          next = i;
        }
        if (diff.same(lines.get(i).path(field), masked)) {
          taken[i] = true;
          return lines.get(i);
        }
      }
    }
    int call = calls.getOrDefault(track, 0);
    AssertionError error;
    if (next < 0) {
      error =
          new AssertionError(
              "cassette "
                  + file
                  + ", track \""
                  + track
                  + "\": call "
                  + call
                  + " has no recorded exchange (the track holds "
                  + count(lines)
                  + "). "
                  + (lines.isEmpty() && !recorded.isEmpty()
                      ? "The cassette has tracks " + recorded.keySet() + ". "
                      : "")
                  + rerecord());
    } else {
      StringBuilder text =
          new StringBuilder("cassette ")
              .append(file)
              .append(", track \"")
              .append(track)
              .append("\", call ")
              .append(call)
              .append(": the ")
              .append(field)
              .append(" differs from the recorded one (call ")
              .append(lines.get(next).path("call").asInt())
              .append(")");
      for (String difference : diff.differences(lines.get(next).path(field), masked)) {
        text.append("\n  ").append(difference);
      }
      text.append("\n").append(freeFields.isEmpty() ? "" : "Free to vary: " + freeFields + ". ");
      text.append(rerecord());
      error = new AssertionError(text.toString());
    }
    if (mismatch == null) {
      mismatch = error;
    }
    throw error;
  }

  private static String rerecord() {
    return "If the change is intended, re-record with -D" + Mode.PROPERTY + "=record.";
  }

  /** {@code value} as JSON with every known secret masked, as it would be written. */
  synchronized JsonNode mask(JsonNode value) {
    String text = Json.write(value);
    String masked = masker().mask(text);
    if (masked.equals(text)) {
      return value;
    }
    try {
      return Json.parse(masked);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("masking a secret broke the JSON of a recorded exchange", e);
    }
  }

  private Secrets masker() {
    return Secrets.of(secrets);
  }

  private void write() {
    Secrets masker = masker();
    List<ObjectNode> lines = new ArrayList<>(written);
    lines.sort(
        Comparator.comparing((ObjectNode line) -> line.path("track").asText())
            .thenComparingInt(line -> line.path("call").asInt()));
    StringBuilder out = new StringBuilder();
    for (ObjectNode line : lines) {
      out.append(masker.mask(Json.write(line))).append('\n');
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write cassette " + file, e);
    }
  }

  private static Map<String, List<ObjectNode>> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(
          "cassette "
              + file
              + " does not exist: record it once with -D"
              + Mode.PROPERTY
              + "=record (against a live provider), or use mode auto");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cassette " + file, e);
    }
    Map<String, List<ObjectNode>> tracks = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.parse(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": not valid JSON: " + e.getOriginalMessage(), e);
      }
      if (!node.isObject() || !node.path("track").isTextual() || !node.path("call").isInt()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": each line needs a \"track\" (text) and a \"call\" (number)");
      }
      tracks
          .computeIfAbsent(node.get("track").asText(), t -> new ArrayList<>())
          .add((ObjectNode) node);
    }
    return tracks;
  }

  private static void checkTrack(String track) {
    Objects.requireNonNull(track, "track");
    if (track.isBlank()) {
      throw new IllegalArgumentException(
          "a track needs a name, such as \"selector\" or \"writer\"");
    }
  }

  /** The live models of {@link ModelConfig#fromEnvironment()}, one for every track. */
  private static final class EnvironmentModels implements Function<String, ChatModel> {
    private final java.util.function.Consumer<List<String>> secrets;
    private ChatModel model;

    EnvironmentModels(java.util.function.Consumer<List<String>> secrets) {
      this.secrets = secrets;
    }

    @Override
    public synchronized ChatModel apply(String track) {
      if (model == null) {
        ModelConfig config = ModelConfig.fromEnvironment();
        if (config.offline()) {
          throw new IllegalStateException(
              "recording track \""
                  + track
                  + "\" needs a live provider, and the environment sets none: set CADRE_PROVIDER"
                  + " and its key (CADRE_API_KEY...), or replay with -D"
                  + Mode.PROPERTY
                  + "=replay");
        }
        List<String> values = new ArrayList<>(config.headers().values());
        if (config.apiKey() != null) {
          values.add(config.apiKey());
        }
        secrets.accept(values);
        model = config.create(() -> null);
      }
      return model;
    }
  }

  /** Builds a {@link Cassette}. */
  public static final class Builder {
    private final Path file;
    private Mode mode = Mode.REPLAY;
    private final Set<String> freeFields = new LinkedHashSet<>();
    private final List<Pattern> varyingText = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private Function<String, ChatModel> live;

    private Builder(Path file) {
      this.file = Objects.requireNonNull(file, "file");
    }

    /** Record, replay (the default) or auto; {@link Mode#resolve} applies the overrides. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Fields, by name wherever they are in a request, whose values may differ from the recording.
     */
    public Builder freeToVary(String... fields) {
      freeFields.addAll(List.of(fields));
      return this;
    }

    /** Text, by regular expression, that may differ from the recording: a date, a random id. */
    public Builder varyingText(String... patterns) {
      for (String pattern : patterns) {
        varyingText.add(Pattern.compile(pattern));
      }
      return this;
    }

    /** Values never written: credentials a live model or tool was made with. */
    public Builder secret(String... values) {
      secrets.addAll(List.of(values));
      return this;
    }

    /**
     * The live model of each track when recording; by default the model {@link
     * ModelConfig#fromEnvironment()} configures, whose key and headers are masked.
     */
    public Builder live(Function<String, ChatModel> live) {
      this.live = Objects.requireNonNull(live, "live");
      return this;
    }

    /**
     * Opens the cassette: reads it when replaying; a recording is written at {@link
     * Cassette#close()}.
     */
    public Cassette build() {
      return new Cassette(this);
    }
  }
}
