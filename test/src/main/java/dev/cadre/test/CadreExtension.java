package dev.cadre.test;

import dev.cadre.model.ChatModel;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link CadreTest}: gives each test method a {@link Cassette} beside
 * it, and its {@code ChatModel} and {@code Cassette} parameters from it; after the test, writes the
 * recording or checks that the replay went as recorded.
 *
 * <p>Registered by {@code @CadreTest}, it records against the environment's provider. Registered
 * with {@code @RegisterExtension} and built with {@link #builder()}, it records against the live
 * models the test gives, which is how a test records against a local server:
 *
 * <pre>{@code
 * @RegisterExtension
 * static CadreExtension cadre = CadreExtension.builder().live(track -> localModel()).build();
 * }</pre>
 */
public final class CadreExtension implements ParameterResolver, AfterEachCallback {

  /** Where cassettes are kept unless a test says otherwise. */
  public static final String DEFAULT_DIRECTORY = "src/test/resources/cassettes";

  /** The track of a {@code ChatModel} parameter without {@link Track}. */
  public static final String DEFAULT_TRACK = "model";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CadreExtension.class);

  private static final Pattern INVOCATION =
      Pattern.compile("\\[test-template-invocation:#(\\d+)\\]");

  private final Builder settings;

  /** The extension as {@link CadreTest} registers it: its settings come from the annotation. */
  public CadreExtension() {
    this.settings = null;
  }

  private CadreExtension(Builder settings) {
    this.settings = settings;
  }

  /** Settings for an extension registered with {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ChatModel.class || type == Cassette.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Cassette cassette = cassette(context);
    if (parameter.getParameter().getType() == Cassette.class) {
      return cassette;
    }
    String track = parameter.findAnnotation(Track.class).map(Track::value).orElse(DEFAULT_TRACK);
    return cassette.model(track);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Cassette cassette = context.getStore(NAMESPACE).remove("cassette", Cassette.class);
    if (cassette != null) {
      cassette.close();
    }
  }

  /** The test method's cassette, made on first use. */
  private Cassette cassette(ExtensionContext context) {
    Method method =
        context
            .getTestMethod()
            .orElseThrow(
                () ->
                    new ParameterResolutionException(
                        "a cassette belongs to one test method: take ChatModel and Cassette"
                            + " parameters in test methods or @BeforeEach methods, not in "
                            + context.getDisplayName()));
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent("cassette", key -> open(context, method), Cassette.class);
  }

  private Cassette open(ExtensionContext context, Method method) {
    Builder b = settings != null ? settings : fromAnnotation(context);
    Class<?> testClass = context.getRequiredTestClass();
    String className = testClass.getName().substring(testClass.getName().lastIndexOf('.') + 1);
    Path file =
        b.directory.resolve(className).resolve(method.getName() + invocation(context) + ".jsonl");
    Cassette.Builder cassette =
        Cassette.builder(file)
            .mode(Mode.resolve(b.mode))
            .freeToVary(b.freeToVary.toArray(String[]::new))
            .varyingText(b.varyingText.toArray(String[]::new))
            .secret(b.secrets.toArray(String[]::new));
    if (b.live != null) {
      cassette.live(b.live);
    }
    return cassette.build();
  }

  /**
   * {@code -N} for the Nth invocation of a parameterized or repeated test, so that each has its own
   * cassette; empty for a plain test.
   */
  static String invocation(ExtensionContext context) {
    Matcher matcher = INVOCATION.matcher(context.getUniqueId());
    String found = "";
    while (matcher.find()) {
      found = "-" + matcher.group(1);
    }
    return found;
  }

  private static Builder fromAnnotation(ExtensionContext context) {
    Optional<CadreTest> found =
        AnnotationSupport.findAnnotation(context.getTestMethod(), CadreTest.class)
            .or(() -> AnnotationSupport.findAnnotation(context.getTestClass(), CadreTest.class));
    Builder b = new Builder();
    found.ifPresent(
        annotation ->
            b.mode(annotation.mode())
                .directory(Path.of(annotation.cassettes()))
                .freeToVary(annotation.freeToVary())
                .varyingText(annotation.varyingText()));
    return b;
  }

  /** Settings of a {@link CadreExtension}, as {@link CadreTest}'s attributes give them. */
  public static final class Builder {
    private Mode mode = Mode.REPLAY;
    private Path directory = Path.of(DEFAULT_DIRECTORY);
    private final List<String> freeToVary = new ArrayList<>();
    private final List<String> varyingText = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();
    private Function<String, ChatModel> live;

    private Builder() {}

    /** Record, replay (the default) or auto; the system property or variable overrides it. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The directory of the cassettes. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Request fields, by name, whose values may differ from the recording. */
    public Builder freeToVary(String... fields) {
      freeToVary.addAll(List.of(fields));
      return this;
    }

    /** Regular expressions for request text that may differ from the recording. */
    public Builder varyingText(String... patterns) {
      varyingText.addAll(List.of(patterns));
      return this;
    }

    /** Values never written to a cassette, such as the live model's key. */
    public Builder secret(String... values) {
      secrets.addAll(List.of(values));
      return this;
    }

    /** The live model of each track when recording, instead of the environment's. */
    public Builder live(Function<String, ChatModel> live) {
      this.live = Objects.requireNonNull(live, "live");
      return this;
    }

    /** The extension, to register with {@code @RegisterExtension}. */
    public CadreExtension build() {
      return new CadreExtension(this);
    }
  }
}
