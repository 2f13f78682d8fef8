package dev.cadre.processor.tool;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.cadre.processor.json.JsonType;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A class or interface with {@code @Tool} methods, as the tool step read it: what {@link
 * ToolWriter} turns into {@code <Holder>_Tools}.
 *
 * @param element the holder, the originating element of the generated file
 * @param type the holder as generated code declares it ({@code Repo<?>} for a generic holder)
 * @param generated the class to write
 * @param tools the tools, in declaration order
 * @param deprecated whether generated code must suppress deprecation warnings to call the tools
 */
record ToolHolder(
    TypeElement element,
    TypeName type,
    ClassName generated,
    List<ToolMethod> tools,
    boolean deprecated) {

  ToolHolder {
    tools = List.copyOf(tools);
  }

  /** Whether {@code tools(...)} needs an instance: some tool is an instance method. */
  boolean needsInstance() {
    return tools.stream().anyMatch(tool -> !tool.isStatic());
  }

  /**
   * One {@code @Tool} method.
   *
   * @param name the tool's name, as the model calls it
   * @param description what the tool does, for the model (may be empty)
   * @param result how the method's result becomes the tool's result
   * @param resultType the JSON type of the result when {@code result} is {@link Result#JSON}
   * @param thrown the checked exceptions the method declares, to declare them again
   */
  record ToolMethod(
      ExecutableElement method,
      String name,
      String description,
      boolean isStatic,
      List<ToolParameter> parameters,
      Result result,
      JsonType resultType,
      List<TypeName> thrown) {

    ToolMethod {
      parameters = List.copyOf(parameters);
      thrown = List.copyOf(thrown);
    }
  }

  /**
   * One parameter of a tool method: an argument the model gives, or the call's {@code ToolContext}.
   *
   * @param name the JSON property (the Java parameter's name)
   * @param type the JSON type; null for the context
   * @param description what the argument means (may be null)
   */
  record ToolParameter(String name, JsonType type, String description) {
    boolean isContext() {
      return type == null;
    }
  }

  /** How a tool method's result reaches the model. */
  enum Result {
    /** {@code void}: the model reads {@link ToolWriter#VOID_RESULT}. */
    NONE,
    /** A {@code String}: as it is. */
    TEXT,
    /** Anything else with a JSON mapping: written as JSON. */
    JSON
  }
}
