package dev.cadre.processor;

import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** Whether code Cadre generates in one package can name a type. */
public final class Access {

  private Access() {}

  /**
   * Why code generated in {@code from} cannot name {@code type}: {@code "X is private"} or {@code
   * "X is not public and lives in another package"}, X being the type or one enclosing it; null
   * when it can.
   */
  public static String problem(Elements elements, TypeElement type, PackageElement from) {
    boolean samePackage = elements.getPackageOf(type).equals(from);
    for (Element element = type;
        element instanceof TypeElement;
        element = element.getEnclosingElement()) {
      Set<Modifier> modifiers = element.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return element.getSimpleName() + " is private";
      }
      if (!samePackage && !modifiers.contains(Modifier.PUBLIC)) {
        return element.getSimpleName() + " is not public and lives in another package";
      }
    }
    return null;
  }
}
