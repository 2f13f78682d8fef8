package dev.cadre.studio;

import dev.cadre.agent.HumanInput;
import dev.cadre.model.Prices;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.samples.process.AnnotatedProcessSample;
import dev.cadre.samples.process.ProcessSample;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Cadre Studio: a local web page to watch, steer and build teams. It lists the samples and spec
 * files, runs them live (offline on their replay scripts by default), puts people's questions and
 * tool approvals in the page, keeps its runs durable in a SQLite store, and edits specs with
 * validation as you type. It listens on 127.0.0.1 only, and every request must carry the access
 * token of {@link #url()}.
 *
 * <pre>{@code
 * try (Studio studio = Studio.builder().specDir(Path.of("specs")).start()) {
 *   System.out.println(studio.url());
 * }
 * }</pre>
 */
public final class Studio implements AutoCloseable {

  private final StudioServer server;
  private final Runs runs;
  private final Guard guard;

  private Studio(StudioServer server, Runs runs, Guard guard) {
    this.server = server;
    this.runs = runs;
    this.guard = guard;
  }

  /** Starts describing a studio: port 0 (any free one), no spec files, store cadre-runs.db. */
  public static Builder builder() {
    return new Builder();
  }

  /** The address to open, with the access token: {@code http://127.0.0.1:<port>/?token=...}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/?token=" + guard.token();
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** Stops the server and cancels the runs it is carrying out (durable ones resume later). */
  @Override
  public void close() {
    server.close();
    runs.close();
  }

  /**
   * The samples, each with {@code person} approving its tool calls where it asks a person: the
   * studio's default team list.
   */
  public static List<Sample> samples(HumanInput person) {
    List<Sample> all = new ArrayList<>();
    for (Sample sample : Samples.all()) {
      if (sample instanceof ProcessSample) {
        all.add(new ProcessSample(person));
      } else if (sample instanceof AnnotatedProcessSample) {
        all.add(new AnnotatedProcessSample(person));
      } else {
        all.add(sample);
      }
    }
    return all;
  }

  /** What a studio serves and where it keeps its runs. */
  public static final class Builder {
    private int port;
    private Path specDir;
    private final List<Path> specFiles = new ArrayList<>();
    private Path store = Path.of("cadre-runs.db");
    private Map<String, String> environment = System.getenv();
    private Function<HumanInput, List<Sample>> samples = Studio::samples;
    private Function<Path, Sample> specLoader;
    private Prices prices;
    private String token;

    private Builder() {}

    /** The port to listen on; 0 (the default) takes any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("--port " + port + " is not a port (0 to 65535)");
      }
      this.port = port;
      return this;
    }

    /** A folder whose spec files (.yaml, .yml, .json) are listed, and where new specs are saved. */
    public Builder specDir(Path dir) {
      this.specDir = dir;
      return this;
    }

    /** Spec files to list besides the folder's. */
    public Builder specFiles(List<Path> files) {
      this.specFiles.addAll(files);
      return this;
    }

    /** How a spec file becomes a runnable team; needed when specs are listed. */
    public Builder specLoader(Function<Path, Sample> loader) {
      this.specLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** The SQLite file of the durable runs, shared with {@code cadre runs/resume/answer}. */
    public Builder store(Path store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where the live provider's settings are read from ({@code CADRE_PROVIDER}, keys...). */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** The teams listed, each made with the given person answering its approvals. */
    public Builder samples(Function<HumanInput, List<Sample>> samples) {
      this.samples = Objects.requireNonNull(samples, "samples");
      return this;
    }

    /** Prices to show each model call's cost with; none by default (tokens only). */
    public Builder prices(Prices prices) {
      this.prices = prices;
      return this;
    }

    /** The access token; a fresh random one by default (for tests that restart a studio). */
    public Builder token(String token) {
      if (token != null && token.length() < 16) {
        throw new IllegalArgumentException("an access token needs at least 16 characters");
      }
      this.token = token;
      return this;
    }

    /**
     * Starts the studio on 127.0.0.1.
     *
     * @throws IOException if the port cannot be bound
     */
    public Studio start() throws IOException {
      Function<Path, Sample> loader =
          specLoader != null
              ? specLoader
              : file -> {
                throw new IllegalArgumentException("this studio has no spec loader for " + file);
              };
      Catalog catalog =
          new Catalog(
              samples,
              AnnotatedTeams.all(Studio.class.getClassLoader()),
              loader,
              specDir,
              specFiles);
      Runs runs = new Runs(catalog, store, environment, prices);
      Guard guard = new Guard(token);
      StudioServer server =
          new StudioServer(
              new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port),
              guard,
              catalog,
              runs);
      server.start();
      return new Studio(server, runs, guard);
    }
  }
}
