package io.sessionmanager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleAgentTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "127.0.0.1:50051 mint",
        "127.0.0.1:50051 mint call-1",
        "127.0.0.1:50051 mint call-1 f extra",
        "127.0.0.1:50051 validate call-1 f",
        "127.0.0.1:50051 frobnicate call-1 f",
        "127.0.0.1:50051 extra"
      })
  void badUsageExitsWithTwoAndPrintsNothingOnStdout(String commandLine) {
    String[] args = commandLine.isEmpty() ? new String[0] : commandLine.split(" ");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = ExampleAgent.run(args, printStream(out), printStream(err));

    assertEquals(ExampleAgent.EXIT_FAILURE, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage:"));
  }

  private static PrintStream printStream(ByteArrayOutputStream buffer) {
    return new PrintStream(buffer, true, StandardCharsets.UTF_8);
  }
}
