package dev.cadre.processor;

import com.palantir.javapoet.ClassName;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/** How the processor names what it generates and what it derives from declarations. */
public final class Naming {

  private Naming() {}

  /** {@code CodeReviewer} becomes {@code code_reviewer}, the default name of agents and teams. */
  public static String snakeCase(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean previousLower = i > 0 && !Character.isUpperCase(name.charAt(i - 1));
        boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
        boolean afterUpperRun = i > 0 && Character.isUpperCase(name.charAt(i - 1)) && nextLower;
        if (out.length() > 0
            && (previousLower || afterUpperRun)
            && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The simple name of a class generated for {@code type}: {@code prefix} and the names of its
   * enclosing types joined by '_' (so {@code Outer.Inner} with prefix {@code Cadre} gives {@code
   * CadreOuter_Inner}), then {@code suffix}.
   */
  public static String generatedName(TypeElement type, String prefix, String suffix) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element enclosing = type.getEnclosingElement();
    while (enclosing.getKind().isClass()
        || enclosing.getKind().isInterface()
        || enclosing.getKind() == ElementKind.RECORD) {
      name.insert(0, enclosing.getSimpleName() + "_");
      enclosing = enclosing.getEnclosingElement();
    }
    return prefix + name + suffix;
  }

  /** The class generated for {@code type}: {@link #generatedName} in {@code type}'s package. */
  public static ClassName generatedClass(TypeElement type, String prefix, String suffix) {
    return ClassName.get(ClassName.get(type).packageName(), generatedName(type, prefix, suffix));
  }

  /** {@code WeatherTools} becomes {@code weatherTools}, for builder methods and fields. */
  public static String lowerCamel(String name) {
    if (name.isEmpty()) {
      return name;
    }
    int upper = 0;
    while (upper < name.length() && Character.isUpperCase(name.charAt(upper))) {
      upper++;
    }
    if (upper <= 1) {
      return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
    int cut = upper == name.length() ? upper : upper - 1;
    return name.substring(0, cut).toLowerCase(Locale.ROOT) + name.substring(cut);
  }
}
