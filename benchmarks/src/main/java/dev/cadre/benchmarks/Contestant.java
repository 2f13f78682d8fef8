package dev.cadre.benchmarks;

/**
 * One way of doing the work the benchmarks measure: Cadre's generated code, LangChain4j, or plain
 * hand-written Java. All three talk to the same {@link dev.cadre.benchmarks.fake.FakeLlm} fakes and
 * call the same {@link dev.cadre.benchmarks.fake.Calculator}, which {@link Fakes} holds.
 */
public interface Contestant extends AutoCloseable {

  /** The name benchmarks take as a parameter: {@code cadre}, {@code langchain4j} or {@code floor}. */
  String name();

  /** Scenario 1: one agent answers with one model turn and no tools. */
  String oneTurn(String question);

  /** Scenario 2: one agent calls {@code add} once and answers from its result. */
  String toolCall(String question);

  /** Scenario 3: three agents in sequence, each working from the one before. */
  String sequence(String topic);

  /** Scenario 4: arguments JSON in, {@code add} called, its result out as text. */
  String dispatch(String argumentsJson);

  /**
   * Scenario 9: four echo agents take {@link dev.cadre.benchmarks.fake.Echoes#TURNS} turns in
   * round robin on {@code task}, each answering with the message before it; returns the last.
   */
  String groupChat(String task);

  @Override
  default void close() {}
}
