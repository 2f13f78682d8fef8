package dev.cadre.processor.agent;

import dev.cadre.processor.Context;
import dev.cadre.processor.Output;
import dev.cadre.processor.Placement;
import dev.cadre.processor.Step;
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
  private final Output output;
  // Types already handled, so that a type seen again in a later round is not written twice.
  private final Set<String> done = new HashSet<>();

  public AgentStep(Context context) {
    this.context = context;
    this.reader = new AgentReader(context, new AgentJson(context));
    this.validator = new AgentValidator(context);
    this.output = new Output(context);
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
      AnnotationMirror annotation = Placement.annotation(type, AgentReader.AGENT);
      String name = type.getQualifiedName().toString();
      if (annotation == null || done.contains(name)) {
        continue;
      }
      String conflict = Placement.agentAndGroupChat(type);
      if (conflict != null) {
        done.add(name);
        context
            .diagnostics()
            .error(type, annotation, null, Placement.AGENT_AND_GROUP_CHAT, conflict);
        continue;
      }
      Optional<AgentModel> model = reader.read(type, annotation);
      if (model.isEmpty()) {
        deferred.add(type);
        continue;
      }
      done.add(name);
      if (validator.validate(model.get())) {
        output.write(AgentWriter.write(model.get()), type, "@Agent " + name);
      }
    }
    return deferred;
  }
}
