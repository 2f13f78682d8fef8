package dev.cadre.processor.agent;

import com.palantir.javapoet.JavaFile;
import dev.cadre.processor.Context;
import dev.cadre.processor.Step;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The {@code @Agent} step: reads each annotated type into an {@link AgentModel}, reports every
 * finding of {@link AgentValidator}, and writes {@code Cadre<Name>} with {@link AgentWriter} when
 * there was none. A declaration that uses a type not generated yet is deferred whole.
 */
public final class AgentStep implements Step {

  private final Context context;
  private final AgentReader reader;
  private final AgentValidator validator;
  // Types already handled, so that a type seen again in a later round is not written twice.
  private final Set<String> done = new HashSet<>();

  public AgentStep(Context context) {
    this.context = context;
    this.reader = new AgentReader(context, new AgentJson(context));
    this.validator = new AgentValidator(context);
  }

  @Override
  public Set<String> annotations() {
    return Set.of(AgentReader.AGENT);
  }

  @Override
  public Set<Element> process(Set<? extends Element> elements) {
    Set<Element> deferred = new LinkedHashSet<>();
    for (Element element : elements) {
      if (!(element instanceof TypeElement type)) {
        continue;
      }
      AnnotationMirror annotation = AgentReader.annotation(type, AgentReader.AGENT);
      String name = type.getQualifiedName().toString();
      if (annotation == null || done.contains(name)) {
        continue;
      }
      Optional<AgentModel> model = reader.read(type, annotation);
      if (model.isEmpty()) {
        deferred.add(type);
        continue;
      }
      done.add(name);
      if (validator.validate(model.get())) {
        write(type, AgentWriter.write(model.get()));
      }
    }
    return deferred;
  }

  private void write(TypeElement type, JavaFile file) {
    try {
      file.writeTo(context.filer());
    } catch (IOException e) {
      context
          .diagnostics()
          .error(
              type,
              "Cadre/GenerationFailed",
              "could not write "
                  + file.packageName()
                  + "."
                  + file.typeSpec().name()
                  + ": "
                  + e.getMessage()
                  + "; check that no other processor writes a class of that name");
    }
  }
}
