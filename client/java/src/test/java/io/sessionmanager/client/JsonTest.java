package io.sessionmanager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesCompactJsonInIterationOrder() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("step", 2L);
    value.put("ratio", 0.5);
    value.put("ok", false);
    value.put("none", null);
    value.put("tags", Arrays.asList("a", null));
    value.put("inner", Map.of());

    assertEquals(
        "{\"step\":2,\"ratio\":0.5,\"ok\":false,\"none\":null,\"tags\":[\"a\",null],\"inner\":{}}",
        Json.write(value));
  }

  @Test
  void escapesStrings() {
    assertEquals("\"q\\\"b\\\\n\\n\\u0001\\u00e9\\u20ac\"", Json.write("q\"b\\n\n\u0001é€"));
  }

  @Test
  void refusesWhatJsonCannotSay() {
    assertThrows(IllegalArgumentException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
  }
}
