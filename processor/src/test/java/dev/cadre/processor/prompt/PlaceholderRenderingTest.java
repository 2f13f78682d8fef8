package dev.cadre.processor.prompt;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.processor.tool.Compiled;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What generated code sends for a prompt: {@code {{param.component}}} reads a record's components
 * through their accessors, a null anywhere on the way reads "null" as a null parameter does, and a
 * parameter's value is text, never a template, whatever braces it holds.
 */
class PlaceholderRenderingTest {

  private static final JavaFileObject ORDERS =
      PlaceholderErrorsTest.source(
          "Orders",
          "public final class Orders {",
          "  public record Address(String city) {}",
          "  public record Customer(String name, Address address) {}",
          "  public record Order(String id, Customer customer, int items) {}",
          "}");

  private static final JavaFileObject CLERK =
      PlaceholderErrorsTest.source(
          "Clerk",
          "@Agent(description = \"Ships orders\")",
          "public interface Clerk {",
          "  @Prompt(\"Ship {{order.id}} to {{order.customer.name}} in"
              + " {{ order.customer.address.city }}: {{order.items}} items, {{note}}\")",
          "  String ship(Orders.Order order, String note);",
          "  @Prompt(\"Who: {{order.customer}}; literal \\\\{{braces}}\")",
          "  String who(Orders.Order order);",
          "}");

  private static final JavaFileObject DESK =
      PlaceholderErrorsTest.source(
          "Desk",
          "@GroupChat(participants = Desk.Writer.class, maxMessages = 2)",
          "public interface Desk {",
          "  @Agent(description = \"Writes\") interface Writer {}",
          "  @Prompt(\"Write to {{order.customer.name}} about {{order.id}}\")",
          "  String write(Orders.Order order);",
          "}");

  private static Compilation compilation;
  private static ClassLoader loader;

  @BeforeAll
  static void compileAgentAndTeam() {
    compilation =
        Compiler.javac()
            .withProcessors(new CadreProcessor())
            .withOptions((Object[]) Compiled.STRICT)
            .compile(ORDERS, CLERK, DESK);
    assertThat(compilation).succeededWithoutWarnings();
    loader = Compiled.load(compilation);
  }

  @Test
  void componentsAreReadThroughTheirAccessorsAndANullOnTheWayReadsNull() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("shipped", "shipped", "shipped", "shipped");
    Object clerk = build("test.CadreClerk", model);

    assertThat(call(clerk, "ship", order("A1", customer("Ada", "Oslo"), 2), "fragile"))
        .isEqualTo("shipped");
    call(clerk, "ship", order("A2", null, 0), null);
    call(clerk, "ship", null, "lost");
    call(clerk, "who", (Object) null);

    assertThat(model.requests())
        .extracting(request -> request.messages().get(request.messages().size() - 1))
        .containsExactly(
            ChatMessage.user("Ship A1 to Ada in Oslo: 2 items, fragile"),
            ChatMessage.user("Ship A2 to null in null: 0 items, null"),
            ChatMessage.user("Ship null to null in null: null items, lost"),
            ChatMessage.user("Who: null; literal {{braces}}"));
  }

  @Test
  void aRecordComponentIsWrittenAsJsonAndAnEscapedPairOfBracesIsText() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("ok");
    Object clerk = build("test.CadreClerk", model);

    call(clerk, "who", order("A1", customer("Ada", "Oslo"), 1));

    assertThat(model.lastRequest().messages())
        .last()
        .isEqualTo(
            ChatMessage.user(
                "Who: {\"name\":\"Ada\",\"address\":{\"city\":\"Oslo\"}}; literal {{braces}}"));
  }

  @Test
  void aValueThatLooksLikeAPlaceholderIsSentAsItIs() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("ok");
    Object clerk = build("test.CadreClerk", model);

    call(clerk, "ship", order("{{order.id}}", customer("{{note}}", "{{}"), 1), "{{note}}");

    assertThat(model.lastRequest().messages())
        .last()
        .isEqualTo(ChatMessage.user("Ship {{order.id}} to {{note}} in {{}: 1 items, {{note}}"));
  }

  @Test
  void aTeamReadsComponentsTheSameWay() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("Dear Ada");
    Object builder = loader.loadClass("test.CadreDesk").getMethod("builder").invoke(null);
    call(builder, "model", model);
    try (AutoCloseable desk = (AutoCloseable) call(builder, "build")) {
      assertThat(call(desk, "write", order("A7", customer("Ada", "Oslo"), 1)))
          .isEqualTo("Dear Ada");
    }
    assertThat(model.requests().get(0).messages())
        .contains(ChatMessage.user("Write to Ada about A7"));
  }

  @Test
  void generatedCodeCallsTheAccessorsItself() {
    assertThat(compilation)
        .generatedSourceFile("test.CadreClerk")
        .contentsAsUtf8String()
        .contains("order.customer()");
    assertThat(compilation)
        .generatedSourceFile("test.CadreClerk")
        .contentsAsUtf8String()
        .doesNotContain("java.lang.reflect");
  }

  private static Object build(String className, ChatModel model) throws Exception {
    Object builder = loader.loadClass(className).getMethod("builder").invoke(null);
    call(builder, "model", model);
    return call(builder, "build");
  }

  private static Object order(String id, Object customer, int items) throws Exception {
    return construct("test.Orders$Order", id, customer, items);
  }

  private static Object customer(String name, String city) throws Exception {
    return construct("test.Orders$Customer", name, construct("test.Orders$Address", city));
  }

  private static Object construct(String className, Object... arguments) throws Exception {
    Constructor<?> constructor = loader.loadClass(className).getConstructors()[0];
    return constructor.newInstance(arguments);
  }

  /** Calls the public method {@code name} that takes {@code arguments.length} arguments. */
  private static Object call(Object target, String name, Object... arguments) throws Exception {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name)
          && method.getParameterCount() == arguments.length
          && (arguments.length != 1
              || arguments[0] == null
              || method.getParameterTypes()[0].isInstance(arguments[0]))) {
        try {
          return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
    }
    throw new AssertionError("no method " + name + " on " + target.getClass());
  }
}
