package dev.cadre.processor;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Cadre's annotation processor: {@code @Tool} holders, {@code @Agent} and {@code @GroupChat}
 * interfaces become checked, generated code. Each annotation kind is one {@link Step}; this class
 * only feeds them their elements round by round and keeps what they defer.
 */
@AutoService(Processor.class)
public final class CadreProcessor extends AbstractProcessor {

  private final List<Step> steps = new ArrayList<>();
  // Elements a step deferred (their types were not resolved yet), by step, in first-seen order.
  private final Map<Step, Set<String>> deferred = new LinkedHashMap<>();
  private Context context;
  private Placement placement;

  @Override
  public synchronized void init(ProcessingEnvironment environment) {
    super.init(environment);
    context = Context.of(environment);
    placement = new Placement(context);
    steps.addAll(Steps.all(context));
    steps.forEach(step -> deferred.put(step, new LinkedHashSet<>()));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    steps.forEach(step -> names.addAll(step.annotations()));
    names.add("dev.cadre.annotations.Prompt");
    names.add("dev.cadre.annotations.Param");
    // The @Generated on the code Cadre writes comes back in the next round; claiming it too is what
    // lets users compile with -Xlint:all -Werror (javac warns about unclaimed annotations).
    names.add("javax.annotation.processing.Generated");
    return names;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    context.sources().add(round.getRootElements());
    placement.add(round);
    if (round.processingOver()) {
      // What is still deferred uses a type that never appeared: javac reports it where it is
      // written, and Cadre adds nothing vaguer.
      placement.reportStrayPrompts();
      steps.forEach(Step::finish);
      return true;
    }
    for (Step step : steps) {
      Set<Element> elements = new LinkedHashSet<>();
      for (String name : deferred.get(step)) {
        Element element = context.elements().getTypeElement(name);
        if (element != null) {
          elements.add(element);
        }
      }
      for (String annotation : step.annotations()) {
        TypeElement type = context.elements().getTypeElement(annotation);
        if (type != null) {
          elements.addAll(round.getElementsAnnotatedWith(type));
        }
      }
      Set<String> again = new LinkedHashSet<>();
      for (Element element : step.process(elements)) {
        again.add(qualifiedName(element));
      }
      deferred.put(step, again);
    }
    // Cadre's annotations are Cadre's alone: claiming them keeps -Xlint:processing quiet, so users
    // can build with -Xlint:all -Werror.
    return true;
  }

  private static String qualifiedName(Element element) {
    Element type = element;
    while (!(type instanceof TypeElement)) {
      type = type.getEnclosingElement();
    }
    return ((TypeElement) type).getQualifiedName().toString();
  }
}
