package dev.cadre.benchmarks.fake;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import dev.langchain4j.agent.tool.P;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one tool every contestant calls: the same method, annotated for Cadre (which writes {@code
 * Calculator_Tools} at compile time) and for LangChain4j (which reflects on it at run time), and
 * called directly by the hand-written floor. It counts its calls so set-ups can check it ran.
 */
public class Calculator {

  private final AtomicInteger calls = new AtomicInteger();

  @Tool("Adds two integers")
  @dev.langchain4j.agent.tool.Tool("Adds two integers")
  public int add(@Param("The first addend") @P("The first addend") int a,
      @Param("The second addend") @P("The second addend") int b) {
    calls.incrementAndGet();
    return a + b;
  }

  public int calls() {
    return calls.get();
  }

  public void resetCalls() {
    calls.set(0);
  }
}
