package dev.cadre.processor.tool;

import dev.cadre.processor.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The names of a holder's {@code @Tool} methods as the model sees them ({@code @Tool(name)}, or the
 * method's name): what an agent's builder offers, and what a team's spec file lists.
 */
public final class ToolNames {

  private ToolNames() {}

  /** The tool names of {@code holder}, in declaration order. */
  public static List<String> of(TypeElement holder) {
    List<String> names = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(holder.getEnclosedElements())) {
      AnnotationMirror tool = Placement.annotation(method, ToolStep.TOOL);
      if (tool != null) {
        String name = "";
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> value :
            tool.getElementValues().entrySet()) {
          if (value.getKey().getSimpleName().contentEquals("name")) {
            name = String.valueOf(value.getValue().getValue());
          }
        }
        names.add(name.isEmpty() ? method.getSimpleName().toString() : name);
      }
    }
    return names;
  }
}
