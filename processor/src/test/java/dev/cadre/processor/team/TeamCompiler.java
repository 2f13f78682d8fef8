package dev.cadre.processor.team;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Compiles team sources with the Cadre processor, for the team step's tests.
 *
 * <p>Generated team code calls the {@code CadreX} classes the agent step writes for each
 * {@code @Agent} participant. Until that step is part of the processor, {@link #compileWithAgents}
 * adds hand-written stand-ins that honour the agent contract ({@code builder()}, {@code model(..)},
 * one setter per instance tool holder, {@code build().agent()}); once the agent step generates
 * {@code CadreX} itself, the stand-ins are left out and the real generated agents are used, so the
 * same tests run before and after the merge.
 */
final class TeamCompiler {

  private TeamCompiler() {}

  /** Whether the processor writes {@code Cadre<Name>} for {@code @Agent} interfaces yet. */
  static boolean agentStepPresent() {
    return AgentStepProbe.PRESENT;
  }

  /** Compiles {@code sources} with the processor (no stand-ins: for tests that expect errors). */
  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac().withProcessors(new CadreProcessor()).compile(sources);
  }

  /**
   * Compiles {@code sources}, plus the stand-ins when the agent step is absent, with {@code
   * options} (e.g. {@code -Xlint:all -Werror}).
   */
  static Compilation compileWithAgents(
      List<JavaFileObject> sources, List<StandIn> standIns, String... options) {
    List<JavaFileObject> all = new ArrayList<>(sources);
    if (!agentStepPresent()) {
      standIns.forEach(standIn -> all.add(standIn.source()));
    }
    return Compiler.javac()
        .withProcessors(new CadreProcessor())
        .withOptions((Object[]) options)
        .compile(all);
  }

  /** The text of a generated source or resource. */
  static String text(JavaFileObject file) {
    try {
      return file.getCharContent(false).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generated resource {@code path} of the class output. */
  static String resource(Compilation compilation, String path) {
    return text(
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, path)
            .orElseThrow(() -> new AssertionError("no generated resource " + path)));
  }

  /** A class loader over the compilation's class files, on top of the test's class path. */
  static ClassLoader classLoader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length());
        try (InputStream in = file.openInputStream()) {
          classes.put(name.replace(".class", "").replace('/', '.'), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ClassLoader(TeamCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /**
   * A hand-written {@code CadreX} for an {@code @Agent} interface, as the agent step's contract
   * describes it: it builds an assistant with the agent's name, description, system message and
   * handoffs on the model it is given.
   */
  record StandIn(
      String qualifiedInterface,
      String name,
      String description,
      String systemMessage,
      String modelKey,
      List<String> toolHolders,
      List<String> handoffs) {

    static StandIn agent(String qualifiedInterface, String name) {
      return new StandIn(qualifiedInterface, name, "", "", "", List.of(), List.of());
    }

    StandIn description(String description) {
      return new StandIn(
          qualifiedInterface, name, description, systemMessage, modelKey, toolHolders, handoffs);
    }

    StandIn systemMessage(String systemMessage) {
      return new StandIn(
          qualifiedInterface, name, description, systemMessage, modelKey, toolHolders, handoffs);
    }

    StandIn modelKey(String modelKey) {
      return new StandIn(
          qualifiedInterface, name, description, systemMessage, modelKey, toolHolders, handoffs);
    }

    /** Simple names of holders in the interface's package with instance tools. */
    StandIn toolHolders(String... holders) {
      return new StandIn(
          qualifiedInterface,
          name,
          description,
          systemMessage,
          modelKey,
          List.of(holders),
          handoffs);
    }

    StandIn handoffs(String... targets) {
      return new StandIn(
          qualifiedInterface,
          name,
          description,
          systemMessage,
          modelKey,
          toolHolders,
          List.of(targets));
    }

    JavaFileObject source() {
      int dot = qualifiedInterface.lastIndexOf('.');
      String pkg = qualifiedInterface.substring(0, dot);
      String generated = "Cadre" + qualifiedInterface.substring(dot + 1);
      StringBuilder setters = new StringBuilder();
      for (String holder : toolHolders) {
        String setter = Character.toLowerCase(holder.charAt(0)) + holder.substring(1);
        setters
            .append("    public Builder ")
            .append(setter)
            .append("(")
            .append(holder)
            .append(" tools) { java.util.Objects.requireNonNull(tools); return this; }\n");
      }
      String modelSetter =
          modelKey.isEmpty()
              ? "    public Builder model(ChatModel model) { this.model = model; return this; }\n"
              : "    public Builder model(String key, ChatModel model) {\n"
                  + "      if (!key.equals(\""
                  + modelKey
                  + "\")) throw new IllegalArgumentException(key);\n"
                  + "      this.model = model; return this;\n"
                  + "    }\n";
      StringBuilder agent =
          new StringBuilder("AssistantAgent.builder(\"" + name + "\").model(model)");
      if (!description.isEmpty()) {
        agent.append(".description(\"").append(description).append("\")");
      }
      if (!systemMessage.isEmpty()) {
        agent.append(".systemMessage(\"").append(systemMessage).append("\")");
      }
      for (String target : handoffs) {
        agent
            .append(".handoff(\"")
            .append(target)
            .append("\", \"Hand off to ")
            .append(target)
            .append("\")");
      }
      String text =
          "package "
              + pkg
              + ";\n"
              + "import dev.cadre.agent.AssistantAgent;\n"
              + "import dev.cadre.model.ChatModel;\n"
              + "/** Stand-in for the agent step's generated class. */\n"
              + "public final class "
              + generated
              + " {\n"
              + "  private final AssistantAgent agent;\n"
              + "  private "
              + generated
              + "(AssistantAgent agent) { this.agent = agent; }\n"
              + "  public static Builder builder() { return new Builder(); }\n"
              + "  public AssistantAgent agent() { return agent; }\n"
              + "  /** Builds it. */\n"
              + "  public static final class Builder {\n"
              + "    private ChatModel model;\n"
              + modelSetter
              + setters
              + "    public "
              + generated
              + " build() {\n"
              + "      if (model == null) throw new IllegalStateException(\""
              + generated
              + " needs a model\");\n"
              + "      return new "
              + generated
              + "("
              + agent
              + ".build());\n"
              + "    }\n"
              + "  }\n"
              + "}\n";
      return JavaFileObjects.forSourceString(pkg + "." + generated, text);
    }
  }

  /** Probes once per test JVM whether the agent step generates {@code CadreX}. */
  private static final class AgentStepProbe {
    static final boolean PRESENT = probe();

    private static boolean probe() {
      Compilation compilation =
          compile(
              JavaFileObjects.forSourceString(
                  "probe.Probe",
                  "package probe;\n"
                      + "@dev.cadre.annotations.Agent(description = \"Probes\","
                      + " systemMessage = \"You probe.\")\n"
                      + "public interface Probe {}\n"));
      return compilation.generatedSourceFile("probe.CadreProbe").isPresent();
    }
  }
}
