package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.state.StateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code and} and {@code or} of conditions: how their parts are checked, flattened, kept
 * unshared, described, and saved and loaded together (all parts checked before any loads).
 */
final class CompositeConditions {

  private CompositeConditions() {}

  /** See {@link Terminations#and}. */
  static TerminationCondition and(
      TerminationCondition first, TerminationCondition second, TerminationCondition... more) {
    return new And(parts("and", And.class, first, second, more));
  }

  /** See {@link Terminations#or}. */
  static TerminationCondition or(
      TerminationCondition first, TerminationCondition second, TerminationCondition... more) {
    return new Or(parts("or", Or.class, first, second, more));
  }

  /** An {@code and} or {@code or} of parts; lets composition flatten and find shared parts. */
  abstract static class Composite extends BuiltInCondition {
    final List<TerminationCondition> parts;

    Composite(List<TerminationCondition> parts) {
      this.parts = parts;
    }

    abstract String operator();

    @Override
    void clear() {
      for (TerminationCondition part : parts) {
        part.reset();
      }
    }

    @Override
    void saveFields(ObjectNode state) {
      ArrayNode saved = state.putArray("parts");
      for (TerminationCondition part : parts) {
        saved.add(part.saveState());
      }
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      JsonNode saved = state.get("parts");
      if (saved == null || !saved.isArray() || saved.size() != parts.size()) {
        throw new StateException(
            "parts",
            (saved == null ? "missing" : saved.isArray() ? saved.size() + " parts" : "not a list")
                + "; expected the states of the "
                + parts.size()
                + " parts of "
                + this);
      }
      List<Runnable> builtIn = new ArrayList<>();
      List<Integer> custom = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        TerminationCondition part = parts.get(i);
        if (part instanceof BuiltInCondition condition) {
          try {
            builtIn.add(condition.prepare(saved.get(i)));
          } catch (StateException e) {
            throw e.within("parts[" + i + "]");
          }
        } else {
          custom.add(i);
        }
      }
      return () -> {
        // A part written by hand cannot be checked without loading it: load those first and put
        // them back if one refuses, so the built-in parts change only once all have loaded.
        List<JsonNode> before = new ArrayList<>();
        for (int i : custom) {
          before.add(parts.get(i).saveState());
        }
        for (int k = 0; k < custom.size(); k++) {
          int i = custom.get(k);
          try {
            parts.get(i).loadState(saved.get(i));
          } catch (RuntimeException e) {
            for (int j = 0; j < k; j++) {
              parts.get(custom.get(j)).loadState(before.get(j));
            }
            throw e instanceof StateException problem ? problem.within("parts[" + i + "]") : e;
          }
        }
        builtIn.forEach(Runnable::run);
      };
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      for (TerminationCondition part : parts) {
        if (text.length() > 0) {
          text.append(' ').append(operator()).append(' ');
        }
        // Parts of the same kind were flattened, so a composite part is the other kind: bracket
        // it, since "a and b or c" would be ambiguous to a reader.
        boolean bracket = part instanceof Composite;
        text.append(bracket ? "(" : "").append(part).append(bracket ? ")" : "");
      }
      return text.toString();
    }
  }

  static final class And extends Composite {
    private final String[] reasons;
    // The parts in the order they fired, which is the order AutoGen gives their reasons in.
    private final List<Integer> order = new ArrayList<>();

    And(List<TerminationCondition> parts) {
      super(parts);
      this.reasons = new String[parts.size()];
    }

    @Override
    String operator() {
      return "and";
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (int i = 0; i < parts.size(); i++) {
        // A part that fired is not asked again: user-written parts need not stay fired.
        if (reasons[i] == null) {
          reasons[i] = parts.get(i).check(messages, events).orElse(null);
          if (reasons[i] != null) {
            order.add(i);
          }
        }
      }
      if (order.size() < parts.size()) {
        return null;
      }
      List<String> fired = new ArrayList<>();
      order.forEach(i -> fired.add(reasons[i]));
      return String.join(Terminations.PARTS_SEPARATOR, fired);
    }

    @Override
    void clear() {
      super.clear();
      Arrays.fill(reasons, null);
      order.clear();
    }

    @Override
    void saveFields(ObjectNode state) {
      super.saveFields(state);
      ArrayNode fired = state.putArray("partsFired");
      for (String reason : reasons) {
        if (reason == null) {
          fired.addNull();
        } else {
          fired.add(reason);
        }
      }
      ArrayNode firedOrder = state.putArray("firedOrder");
      order.forEach(firedOrder::add);
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      JsonNode fired = state.get("partsFired");
      if (fired == null || !fired.isArray() || fired.size() != reasons.length) {
        throw new StateException(
            "partsFired",
            "expected a list of " + reasons.length + " reasons (null for a part not yet fired)");
      }
      String[] saved = new String[reasons.length];
      for (int i = 0; i < saved.length; i++) {
        JsonNode reason = fired.get(i);
        if (!reason.isNull() && !reason.isTextual()) {
          throw new StateException("partsFired[" + i + "]", "not text or null: " + reason);
        }
        saved[i] = reason.isNull() ? null : reason.textValue();
      }
      List<Integer> savedOrder = firedOrder(state.get("firedOrder"), saved);
      Runnable parts = super.prepareFields(state);
      return () -> {
        parts.run();
        System.arraycopy(saved, 0, reasons, 0, saved.length);
        order.clear();
        order.addAll(savedOrder);
      };
    }

    /**
     * The order the fired parts fired in: as saved, each fired part exactly once; a document
     * without it (written before the order was kept) gives the parts' order.
     */
    private static List<Integer> firedOrder(JsonNode saved, String[] reasons) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < reasons.length; i++) {
        if (reasons[i] != null) {
          expected.add(i);
        }
      }
      if (saved == null) {
        return expected;
      }
      List<Integer> order = new ArrayList<>();
      if (saved.isArray()) {
        for (JsonNode index : saved) {
          order.add(index.isIntegralNumber() && index.canConvertToInt() ? index.intValue() : -1);
        }
      }
      if (!saved.isArray() || !order.stream().sorted().toList().equals(expected)) {
        throw new StateException(
            "firedOrder",
            "expected the indexes of the fired parts " + expected + " in the order they fired, was "
                + saved);
      }
      return order;
    }
  }

  static final class Or extends Composite {
    Or(List<TerminationCondition> parts) {
      super(parts);
    }

    @Override
    String operator() {
      return "or";
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      List<String> reasons = new ArrayList<>();
      for (TerminationCondition part : parts) {
        part.check(messages, events).ifPresent(reasons::add);
      }
      return reasons.isEmpty() ? null : String.join(Terminations.PARTS_SEPARATOR, reasons);
    }
  }

  private static List<TerminationCondition> parts(
      String operator,
      Class<? extends Composite> kind,
      TerminationCondition first,
      TerminationCondition second,
      TerminationCondition... more) {
    Objects.requireNonNull(more, operator + ": the array of further conditions must not be null");
    List<TerminationCondition> given = new ArrayList<>(2 + more.length);
    given.add(first);
    given.add(second);
    Collections.addAll(given, more);
    List<TerminationCondition> parts = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      TerminationCondition part = given.get(i);
      if (part == null) {
        throw new NullPointerException(operator + ": condition #" + (i + 1) + " is null");
      }
      // Same-kind composites are flattened so toString reads "a and b and c"; the meaning is the
      // same because both kinds are associative and fired parts stay fired.
      if (kind.isInstance(part)) {
        parts.addAll(((Composite) part).parts);
      } else {
        parts.add(part);
      }
    }
    Set<TerminationCondition> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (TerminationCondition part : parts) {
      requireUnshared(operator, part, seen);
    }
    return List.copyOf(parts);
  }

  /**
   * A condition used twice in one composite would see every message twice (a count doubles), so
   * each instance may appear only once.
   */
  private static void requireUnshared(
      String operator, TerminationCondition part, Set<TerminationCondition> seen) {
    if (!seen.add(part)) {
      throw new IllegalArgumentException(
          operator
              + ": the condition "
              + part
              + " appears more than once; it would see every message twice. Create a separate"
              + " instance for each use");
    }
    if (part instanceof Composite) {
      for (TerminationCondition inner : ((Composite) part).parts) {
        requireUnshared(operator, inner, seen);
      }
    }
  }
}
