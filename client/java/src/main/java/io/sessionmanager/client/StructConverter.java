package io.sessionmanager.client;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Converts session metadata between {@link Struct} and plain Java values.
 *
 * <p>The Java side of a conversion is made of JSON values:
 *
 * <ul>
 *   <li>{@code null};
 *   <li>{@link Boolean};
 *   <li>{@link Number}: {@link Long} for whole numbers, {@link Double} otherwise;
 *   <li>{@link String} (any {@link CharSequence} is accepted);
 *   <li>{@link List} (any {@link Collection} is accepted);
 *   <li>{@link Map} with {@link String} keys.
 * </ul>
 *
 * <p>{@code Struct} carries every number as a double, so {@code 2} and {@code 2.0} cannot be told
 * apart once sent. {@link #toMap(Struct)} gives a whole number back as a {@link Long}, since that
 * is most likely what was sent, and any other number as a {@link Double}. To keep that round trip
 * exact, {@link #toStruct(Map)} refuses integers a double cannot hold exactly (beyond
 * ±2<sup>53</sup>) and non-finite doubles, which JSON cannot express.
 */
public final class StructConverter {

  /** The deepest nesting converted; deeper values (or a map that contains itself) are refused. */
  public static final int MAX_DEPTH = 64;

  /** The largest magnitude up to which every integer is exactly a double: 2<sup>53</sup>. */
  static final long MAX_EXACT_INTEGER = 1L << 53;

  private StructConverter() {}

  /**
   * Returns {@code values} as a {@link Struct}.
   *
   * @param values a map of JSON values, as described in the class documentation
   * @return the equivalent Struct
   * @throws IllegalArgumentException if a value, or a key, cannot travel as JSON
   * @throws NullPointerException if {@code values} is null
   */
  public static Struct toStruct(Map<String, ?> values) {
    if (values == null) {
      throw new NullPointerException("values");
    }
    return structOf(values, "", 0);
  }

  /**
   * Returns {@code struct} as a mutable map of JSON values, with its keys in sorted order.
   *
   * <p>Whole numbers of magnitude up to 2<sup>53</sup> come back as {@link Long}, other numbers as
   * {@link Double}; nested objects as maps, lists as {@link ArrayList}s. A {@link Value} with no
   * kind set is taken as {@code null}.
   *
   * @param struct the Struct to convert
   * @return the equivalent map
   * @throws IllegalArgumentException if {@code struct} is nested deeper than {@link #MAX_DEPTH}
   */
  public static Map<String, Object> toMap(Struct struct) {
    if (struct == null) {
      throw new NullPointerException("struct");
    }
    return mapOf(struct, "", 0);
  }

  private static Struct structOf(Map<?, ?> values, String path, int depth) {
    checkDepth(path, depth);
    Struct.Builder builder = Struct.newBuilder();
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            "object keys must be strings, not "
                + typeName(entry.getKey())
                + (path.isEmpty() ? "" : " (at " + path + ")"));
      }
      builder.putFields(key, valueOf(entry.getValue(), childPath(path, key), depth + 1));
    }
    return builder.build();
  }

  private static Value valueOf(Object item, String path, int depth) {
    checkDepth(path, depth);
    Value.Builder value = Value.newBuilder();
    if (item == null) {
      value.setNullValue(NullValue.NULL_VALUE);
    } else if (item instanceof Boolean bool) {
      value.setBoolValue(bool);
    } else if (item instanceof Number number) {
      value.setNumberValue(numberOf(number, path));
    } else if (item instanceof CharSequence text) {
      value.setStringValue(text.toString());
    } else if (item instanceof Map<?, ?> map) {
      value.setStructValue(structOf(map, path, depth));
    } else if (item instanceof Collection<?> collection) {
      ListValue.Builder list = ListValue.newBuilder();
      int index = 0;
      for (Object element : collection) {
        list.addValues(valueOf(element, path + "[" + index + "]", depth + 1));
        index++;
      }
      value.setListValue(list);
    } else {
      throw new IllegalArgumentException(typeName(item) + " is not a JSON value (at " + path + ")");
    }
    return value.build();
  }

  /** The double for {@code number}, refusing what the round trip would not give back. */
  private static double numberOf(Number number, String path) {
    if (number instanceof BigInteger big) {
      if (big.abs().compareTo(BigInteger.valueOf(MAX_EXACT_INTEGER)) > 0) {
        throw inexact(number, path);
      }
      return big.doubleValue();
    }
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte
        || number instanceof AtomicLong
        || number instanceof AtomicInteger) {
      long whole = number.longValue();
      if (whole > MAX_EXACT_INTEGER || whole < -MAX_EXACT_INTEGER) {
        throw inexact(number, path);
      }
      return whole;
    }
    double real = number.doubleValue();
    if (!Double.isFinite(real)) {
      throw new IllegalArgumentException(
          number + " is not a finite number, which JSON cannot carry (at " + path + ")");
    }
    return real;
  }

  private static Map<String, Object> mapOf(Struct struct, String path, int depth) {
    checkDepth(path, depth);
    Map<String, Object> result = new LinkedHashMap<>();
    for (Map.Entry<String, Value> entry : new TreeMap<>(struct.getFieldsMap()).entrySet()) {
      String key = entry.getKey();
      result.put(key, plainOf(entry.getValue(), childPath(path, key), depth + 1));
    }
    return result;
  }

  private static Object plainOf(Value value, String path, int depth) {
    checkDepth(path, depth);
    return switch (value.getKindCase()) {
      case BOOL_VALUE -> value.getBoolValue();
      case NUMBER_VALUE -> numberFrom(value.getNumberValue());
      case STRING_VALUE -> value.getStringValue();
      case STRUCT_VALUE -> mapOf(value.getStructValue(), path, depth);
      case LIST_VALUE -> listOf(value.getListValue(), path, depth);
      case NULL_VALUE, KIND_NOT_SET -> null;
    };
  }

  private static List<Object> listOf(ListValue listValue, String path, int depth) {
    List<Value> values = listValue.getValuesList();
    List<Object> list = new ArrayList<>(values.size());
    for (int index = 0; index < values.size(); index++) {
      list.add(plainOf(values.get(index), path + "[" + index + "]", depth + 1));
    }
    return list;
  }

  /** A whole double within the exact range as a Long; any other double unchanged. */
  static Object numberFrom(double number) {
    if (number == Math.rint(number) && Math.abs(number) <= MAX_EXACT_INTEGER) {
      return (long) number;
    }
    return number;
  }

  private static void checkDepth(String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "metadata is nested deeper than " + MAX_DEPTH + " levels (at " + path + ")");
    }
  }

  private static IllegalArgumentException inexact(Number number, String path) {
    return new IllegalArgumentException(
        number
            + " is beyond ±2^53 and would not survive as a JSON number; send it as a string (at "
            + path
            + ")");
  }

  private static String childPath(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String typeName(Object item) {
    return item == null ? "null" : item.getClass().getName();
  }
}
