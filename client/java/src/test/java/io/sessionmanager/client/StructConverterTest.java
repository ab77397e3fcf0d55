package io.sessionmanager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StructConverterTest {

  @Test
  void convertsEveryJsonKindToStruct() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("text", "hi");
    values.put("whole", 2);
    values.put("real", 2.5);
    values.put("yes", true);
    values.put("nothing", null);
    values.put("list", List.of("a", 1L));
    values.put("object", Map.of("inner", false));

    Struct struct = StructConverter.toStruct(values);

    Map<String, Value> fields = struct.getFieldsMap();
    assertEquals("hi", fields.get("text").getStringValue());
    assertEquals(2.0, fields.get("whole").getNumberValue());
    assertEquals(2.5, fields.get("real").getNumberValue());
    assertTrue(fields.get("yes").getBoolValue());
    assertEquals(NullValue.NULL_VALUE, fields.get("nothing").getNullValue());
    ListValue list = fields.get("list").getListValue();
    assertEquals("a", list.getValues(0).getStringValue());
    assertEquals(1.0, list.getValues(1).getNumberValue());
    Struct object = fields.get("object").getStructValue();
    assertEquals(Value.KindCase.BOOL_VALUE, object.getFieldsMap().get("inner").getKindCase());
  }

  @Test
  void roundTripGivesWholeNumbersBackAsLong() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("language", "java");
    values.put("step", 2);
    values.put("tags", List.of("a", "b"));
    values.put("ratio", 0.25);
    values.put("negative", -7L);
    values.put("nested", Map.of("deep", List.of(Map.of("n", 3))));

    Map<String, Object> back = StructConverter.toMap(StructConverter.toStruct(values));

    assertEquals(2L, back.get("step"));
    assertInstanceOf(Long.class, back.get("step"));
    assertEquals(0.25, back.get("ratio"));
    assertEquals(-7L, back.get("negative"));
    assertEquals(List.of("a", "b"), back.get("tags"));
    assertEquals(Map.of("deep", List.of(Map.of("n", 3L))), back.get("nested"));
    assertEquals("java", back.get("language"));
  }

  @Test
  void toMapSortsKeysAndKeepsEmptyContainers() {
    Struct struct =
        Struct.newBuilder()
            .putFields("b", Value.newBuilder().setListValue(ListValue.getDefaultInstance()).build())
            .putFields("a", Value.newBuilder().setStructValue(Struct.getDefaultInstance()).build())
            .putFields("c", Value.getDefaultInstance())
            .build();

    Map<String, Object> map = StructConverter.toMap(struct);

    assertEquals(List.of("a", "b", "c"), new ArrayList<>(map.keySet()));
    assertEquals(Map.of(), map.get("a"));
    assertEquals(List.of(), map.get("b"));
    assertNull(map.get("c"));
    assertTrue(map.containsKey("c"));
  }

  @Test
  void numbersFromStructKeepTheirKind() {
    assertEquals(0L, StructConverter.numberFrom(-0.0));
    assertEquals(9007199254740992L, StructConverter.numberFrom(0x1p53));
    assertEquals(0x1p60, StructConverter.numberFrom(0x1p60));
    assertEquals(1.5, StructConverter.numberFrom(1.5));
    assertInstanceOf(Double.class, StructConverter.numberFrom(Double.NaN));
    assertInstanceOf(Double.class, StructConverter.numberFrom(Double.POSITIVE_INFINITY));
  }

  @Test
  void acceptsOtherNumberAndCollectionTypes() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("big", BigInteger.valueOf(42));
    values.put("decimal", new BigDecimal("0.5"));
    values.put("float", 1.5f);
    values.put("set", Set.of("only"));
    values.put("builder", new StringBuilder("text"));

    Map<String, Object> back = StructConverter.toMap(StructConverter.toStruct(values));

    assertEquals(42L, back.get("big"));
    assertEquals(0.5, back.get("decimal"));
    assertEquals(1.5, back.get("float"));
    assertEquals(List.of("only"), back.get("set"));
    assertEquals("text", back.get("builder"));
  }

  @Test
  void refusesIntegersADoubleCannotHold() {
    assertEquals(
        9007199254740992.0,
        StructConverter.toStruct(Map.of("n", 1L << 53)).getFieldsMap().get("n").getNumberValue());
    assertThrows(
        IllegalArgumentException.class,
        () -> StructConverter.toStruct(Map.of("n", (1L << 53) + 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> StructConverter.toStruct(Map.of("n", BigInteger.ONE.shiftLeft(64))));
  }

  @Test
  void refusesNonFiniteNumbers() {
    assertThrows(
        IllegalArgumentException.class, () -> StructConverter.toStruct(Map.of("n", Double.NaN)));
    assertThrows(
        IllegalArgumentException.class,
        () -> StructConverter.toStruct(Map.of("n", Float.NEGATIVE_INFINITY)));
  }

  @Test
  void refusesValuesThatAreNotJson() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> StructConverter.toStruct(Map.of("outer", List.of(new Object()))));
    assertTrue(error.getMessage().contains("outer[0]"), error.getMessage());

    Map<Object, Object> badKey = new HashMap<>();
    badKey.put(1, "one");
    assertThrows(
        IllegalArgumentException.class, () -> StructConverter.toStruct(Map.of("outer", badKey)));
  }

  @Test
  void refusesAMapThatContainsItself() {
    Map<String, Object> loop = new HashMap<>();
    loop.put("self", loop);
    assertThrows(IllegalArgumentException.class, () -> StructConverter.toStruct(loop));
  }
}
