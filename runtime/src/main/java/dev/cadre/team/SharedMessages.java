package dev.cadre.team;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.cadre.agent.AgentMessage;
import java.util.AbstractList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Part of a {@link Transcript}'s messages, handed out without a copy: an unmodifiable list over a
 * range of the transcript's array. The transcript only ever writes past the end of what it has
 * handed out, and starts a new array when it forgets, so the range never changes: the list is as
 * immutable as a {@link List#copyOf copy}, for as long as anyone keeps it. Its fields are final,
 * so it reads the same on any thread it reaches, however it got there.
 */
final class SharedMessages extends AbstractList<AgentMessage> implements RandomAccess {

  static final SharedMessages EMPTY = new SharedMessages(new AgentMessage[0], 0, 0);

  private final AgentMessage[] messages;
  private final int from;
  private final int size;

  /** Elements {@code from} to {@code to} of {@code messages}, which are never written again. */
  SharedMessages(AgentMessage[] messages, int from, int to) {
    this.messages = messages;
    this.from = from;
    this.size = to - from;
  }

  /**
   * A list of {@code messages} read back from JSON: a distributed runtime writes a value's class
   * with it (Jackson's default typing), and reads it by that class. Rejects nulls, as a copy
   * would.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static SharedMessages read(List<AgentMessage> messages) {
    AgentMessage[] array = messages.toArray(new AgentMessage[0]);
    for (AgentMessage message : array) {
      Objects.requireNonNull(message, "a list of messages cannot hold null");
    }
    return new SharedMessages(array, 0, array.length);
  }

  /**
   * {@code messages} as an immutable list: itself when it is a part of a transcript, else a copy
   * ({@link List#copyOf}, which rejects nulls).
   */
  static List<AgentMessage> immutable(List<AgentMessage> messages) {
    return messages instanceof SharedMessages ? messages : List.copyOf(messages);
  }

  @Override
  public AgentMessage get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + ", size " + size);
    }
    return messages[from + index];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public List<AgentMessage> subList(int fromIndex, int toIndex) {
    Objects.checkFromToIndex(fromIndex, toIndex, size);
    return new SharedMessages(messages, from + fromIndex, from + toIndex);
  }

  // Every change fails, even one that would change nothing, and queries for null fail, as they do
  // on List.copyOf's lists: sharing answers every call as copying did.
  @Override
  public boolean addAll(Collection<? extends AgentMessage> c) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean addAll(int index, Collection<? extends AgentMessage> c) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean remove(Object o) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean removeIf(Predicate<? super AgentMessage> filter) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void replaceAll(UnaryOperator<AgentMessage> operator) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void sort(Comparator<? super AgentMessage> c) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean contains(Object o) {
    return indexOf(o) >= 0;
  }

  @Override
  public int indexOf(Object o) {
    Objects.requireNonNull(o);
    for (int i = 0; i < size; i++) {
      if (o.equals(messages[from + i])) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int lastIndexOf(Object o) {
    Objects.requireNonNull(o);
    for (int i = size - 1; i >= 0; i--) {
      if (o.equals(messages[from + i])) {
        return i;
      }
    }
    return -1;
  }
}
