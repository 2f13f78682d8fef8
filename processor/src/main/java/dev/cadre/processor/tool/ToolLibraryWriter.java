package dev.cadre.processor.tool;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cadre.processor.Context;
import dev.cadre.processor.Naming;
import dev.cadre.processor.Output;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Writes {@code <Holder>_ToolLibrary}, the {@code dev.cadre.tool.ToolLibrary} that offers a
 * holder's tools by name to declarative team specs, for each holder a {@link
 * java.util.ServiceLoader} can reach and that needs no arguments: public all the way out, not
 * generic, and either all its tools static or a public no-argument constructor to make the instance
 * with. Others are left out quietly: they still work in code, which passes the instance.
 */
final class ToolLibraryWriter {

  static final String SERVICE = "dev.cadre.tool.ToolLibrary";

  private static final ClassName LIBRARY = ClassName.get("dev.cadre.tool", "ToolLibrary");

  private final Context context;

  ToolLibraryWriter(Context context) {
    this.context = context;
  }

  /**
   * Writes the library of {@code holder} if it can have one.
   *
   * @return the library's qualified name, for the services file, or null when none was written
   */
  String write(ToolHolder holder) {
    if (!registrable(holder)) {
      return null;
    }
    ClassName holderName = ClassName.get(holder.element());
    ClassName library = Naming.generatedClass(holder.element(), "", "_ToolLibrary");
    CodeBlock tools =
        holder.needsInstance()
            ? CodeBlock.of("return $T.tools(new $T());\n", holder.generated(), holderName)
            : CodeBlock.of("return $T.tools();\n", holder.generated());
    TypeSpec.Builder type =
        TypeSpec.classBuilder(library)
            .addOriginatingElement(holder.element())
            .addAnnotation(
                AnnotationSpec.builder(ToolWriter.GENERATED)
                    .addMember("value", "$S", "dev.cadre.processor.CadreProcessor")
                    .build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(LIBRARY)
            .addJavadoc(
                "The tools of {@link $T} by name, for team specs; listed in {@code"
                    + " META-INF/services/$L}.\n",
                holderName,
                SERVICE)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addJavadoc("Made by {@link java.util.ServiceLoader}.\n")
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("name")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(String.class)
                    .addStatement("return $S", holderName.canonicalName())
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("toolNames")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(ToolWriter.LIST, TypeName.get(String.class)))
                    .addStatement(
                        "return $T.of($L)",
                        ToolWriter.LIST,
                        holder.tools().stream()
                            .map(tool -> CodeBlock.of("$S", tool.name()).toString())
                            .collect(Collectors.joining(", ")))
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("tools")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(ToolWriter.LIST, ToolWriter.TOOL))
                    .addCode(tools)
                    .build());
    if (holder.deprecated()) {
      type.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "$S", "deprecation")
              .build());
    }
    JavaFile file =
        JavaFile.builder(library.packageName(), type.build()).skipJavaLangImports(true).build();
    boolean written =
        new Output(context)
            .write(file, holder.element(), "the @Tool methods of " + holderName.canonicalName());
    return written ? library.canonicalName() : null;
  }

  private static boolean registrable(ToolHolder holder) {
    TypeElement element = holder.element();
    if (!element.getTypeParameters().isEmpty()) {
      return false;
    }
    for (Element e = element; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      boolean nested = type.getEnclosingElement() instanceof TypeElement;
      if (!type.getModifiers().contains(Modifier.PUBLIC)
          || (nested
              && type.getKind() == ElementKind.CLASS
              && !type.getModifiers().contains(Modifier.STATIC))) {
        return false;
      }
    }
    if (!holder.needsInstance()) {
      return true;
    }
    if (element.getKind() != ElementKind.CLASS
        || element.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(element.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PUBLIC)
          && constructor.getParameters().isEmpty()
          && constructor.getThrownTypes().isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
