package dev.cadre;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a value sits in a JSON tree, a property of an object or an element of an array, so a fuzz
 * test can damage a document anywhere.
 *
 * @param parent the object or array holding the value
 * @param key the property's name, or null for an element
 * @param index the element's index, or -1 for a property
 */
public record JsonSlot(JsonNode parent, String key, int index) {

  /** Every slot of {@code tree}, outermost first. */
  public static List<JsonSlot> all(JsonNode tree) {
    List<JsonSlot> slots = new ArrayList<>();
    collect(tree, slots);
    return slots;
  }

  /** An array inside an array... {@code depth} deep around {@code bottom}. */
  public static JsonNode nested(int depth, JsonNode bottom) {
    JsonNode node = bottom;
    for (int i = 0; i < depth; i++) {
      ArrayNode outer = JsonNodeFactory.instance.arrayNode();
      outer.add(node);
      node = outer;
    }
    return node;
  }

  public JsonNode get() {
    return parent instanceof ArrayNode array ? array.get(index) : parent.get(key);
  }

  public void set(JsonNode value) {
    if (parent instanceof ArrayNode array) {
      array.set(index, value);
    } else {
      ((ObjectNode) parent).set(key, value);
    }
  }

  public void remove() {
    if (parent instanceof ArrayNode array) {
      array.remove(index);
    } else {
      ((ObjectNode) parent).remove(key);
    }
  }

  /** Puts a copy of the value beside it: one more element, or a property named {@code key_copy}. */
  public void duplicate() {
    if (parent instanceof ArrayNode array) {
      array.add(get().deepCopy());
    } else {
      ((ObjectNode) parent).set(key + "_copy", get().deepCopy());
    }
  }

  @Override
  public String toString() {
    return parent instanceof ArrayNode ? "[" + index + "]" : key;
  }

  private static void collect(JsonNode node, List<JsonSlot> slots) {
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        slots.add(new JsonSlot(array, null, i));
        collect(array.get(i), slots);
      }
    } else if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        slots.add(new JsonSlot(object, field.getKey(), -1));
        collect(field.getValue(), slots);
      }
    }
  }
}
