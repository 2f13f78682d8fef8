package dev.cadre.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an agent on an interface. Each abstract method is an entry point with a {@link Prompt};
 * the processor writes {@code Cadre<Name>}, which implements the interface with an assistant agent.
 *
 * <pre>{@code
 * @Agent(
 *     description = "Answers weather questions",
 *     systemMessage = "You answer questions about the weather. Use your tools.",
 *     tools = WeatherTools.class)
 * interface WeatherBot {
 *   @Prompt("What is the weather in {{city}}?")
 *   String weather(String city);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Agent {

  /**
   * The agent's name, as other agents and teams see it: {@code name = "reviewer"}. Defaults to the
   * interface's simple name in snake case ({@code CodeReviewer} becomes {@code code_reviewer}).
   */
  String name() default "";

  /**
   * What the agent is good at, for a selector team choosing who speaks: {@code description =
   * "Reviews Java code for bugs"}.
   */
  String description() default "";

  /** The instructions the model gets first: {@code systemMessage = "You review Java code."}. */
  String systemMessage() default "";

  /**
   * Classes or interfaces holding {@link Tool} methods: {@code tools = {Search.class,
   * Calculator.class}}. Holders with instance methods are passed to the generated builder.
   */
  Class<?>[] tools() default {};

  /**
   * Names of this agent's tools that a person (or other {@code ToolApprover}) must approve before
   * each call runs: {@code approve = "issue_refund"}. A refused call does not run; the model is
   * told why. When this is not empty, the generated builder takes the approver through {@code
   * approver(ToolApprover)}.
   */
  String[] approve() default {};

  /**
   * Agents this one may hand the conversation to, offered to the model as {@code
   * transfer_to_<name>} tools: {@code handoffs = {Billing.class, Refunds.class}}.
   */
  Class<?>[] handoffs() default {};

  /**
   * Which model the agent uses, as a key the generated builder is given models by: {@code model =
   * "fast"}. Empty uses the builder's default model.
   */
  String model() default "";

  /** Sampling temperature: {@code temperature = 0.2}. Negative leaves it to the provider. */
  double temperature() default -1;

  /** How many rounds of tool calls one turn may take: {@code maxToolIterations = 5}. */
  int maxToolIterations() default 10;

  /** Whether the model streams its answers: {@code streaming = true}. */
  boolean streaming() default false;
}
