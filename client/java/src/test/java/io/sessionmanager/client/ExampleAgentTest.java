package io.sessionmanager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleAgentTest {

  /** A self-signed certificate, for the settings that need one that parses. */
  private static final String CERTIFICATE =
      String.join(
          "\n",
          "-----BEGIN CERTIFICATE-----",
          "MIIBkDCCATegAwIBAgIUeGJM+N5EzM94RzSvLsLKecIq3YkwCgYIKoZIzj0EAwIw",
          "HTEbMBkGA1UEAwwSZXhhbXBsZS1hZ2VudCB0ZXN0MCAXDTI2MTIwMzE0MjczN1oY",
          "DzIxMjYxMTA5MTQyNzM3WjAdMRswGQYDVQQDDBJleGFtcGxlLWFnZW50IHRlc3Qw",
          "WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARZ138sF4aAI+zeOq/pFXhicxSynZ7u",
          "DOk2cOl0lAk8zPfd6hhfPJXnGIBZIgtNntlPcLXBhQYUcLxPKR0B2+Ibo1MwUTAd",
          "BgNVHQ4EFgQUwnnNqb6HDU7dj9TGauf6xPc+wN4wHwYDVR0jBBgwFoAUwnnNqb6H",
          "DU7dj9TGauf6xPc+wN4wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBE",
          "AiAhwnh3nD0fL1eRDZYIC9AaxnVqi/hf8+dCbrOwxV5C4AIgOQi03FFtYLOmeOvA",
          "ySkR3DTJrY9xIgb6AiHXE6hfU8U=",
          "-----END CERTIFICATE-----")
          + "\n";

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

  /**
   * A setting that cannot work stops the agent with status 2 and a message naming it, before any
   * call: nothing listens on the address.
   */
  @ParameterizedTest
  @MethodSource("badSettings")
  void badSettingExitsWithTwoAndSaysWhy(String settings, String message, @TempDir Path directory)
      throws IOException {
    Files.writeString(directory.resolve("text.pem"), "not a certificate\n");
    Files.writeString(directory.resolve("cert.pem"), CERTIFICATE);
    Files.writeString(
        directory.resolve("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    Files.writeString(
        directory.resolve("pkcs1.key"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    Map<String, String> env = new HashMap<>();
    for (String setting : settings.split(" ")) {
      String[] nameAndValue = setting.split("=", 2);
      env.put(nameAndValue[0], nameAndValue[1].replace("DIR", directory.toString()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        ExampleAgent.run(
            new String[] {"127.0.0.1:1", "mint", "call-1", "f"},
            env,
            printStream(out),
            printStream(err));

    assertEquals(ExampleAgent.EXIT_FAILURE, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertTrue(stderr.contains(message), stderr);
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/text.pem SESSIONMANAGER_TLS_CERT_FILE=DIR/text.pem",
            "SESSIONMANAGER_TLS_CERT_FILE and SESSIONMANAGER_TLS_KEY_FILE go together"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/text.pem SESSIONMANAGER_TLS_KEY_FILE=DIR/text.pem",
            "SESSIONMANAGER_TLS_CERT_FILE and SESSIONMANAGER_TLS_KEY_FILE go together"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CERT_FILE=DIR/text.pem SESSIONMANAGER_TLS_KEY_FILE=DIR/text.pem",
            "need SESSIONMANAGER_TLS_CA_FILE"),
        Arguments.of("SESSIONMANAGER_TLS_SERVER_NAME=localhost", "need SESSIONMANAGER_TLS_CA_FILE"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/missing.pem",
            "cannot read SESSIONMANAGER_TLS_CA_FILE"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/text.pem",
            "no PEM certificate in SESSIONMANAGER_TLS_CA_FILE"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/broken.pem",
            "bad PEM certificate in SESSIONMANAGER_TLS_CA_FILE"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/cert.pem SESSIONMANAGER_TLS_CERT_FILE=DIR/text.pem"
                + " SESSIONMANAGER_TLS_KEY_FILE=DIR/pkcs1.key",
            "no PEM certificate in SESSIONMANAGER_TLS_CERT_FILE"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/cert.pem SESSIONMANAGER_TLS_CERT_FILE=DIR/cert.pem"
                + " SESSIONMANAGER_TLS_KEY_FILE=DIR/missing.key",
            "cannot read SESSIONMANAGER_TLS_KEY_FILE"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/cert.pem SESSIONMANAGER_TLS_CERT_FILE=DIR/cert.pem"
                + " SESSIONMANAGER_TLS_KEY_FILE=DIR/pkcs1.key",
            "holds a PKCS#1 or SEC1 key, not PKCS#8"),
        Arguments.of(
            "SESSIONMANAGER_TLS_CA_FILE=DIR/cert.pem SESSIONMANAGER_TLS_CERT_FILE=DIR/cert.pem"
                + " SESSIONMANAGER_TLS_KEY_FILE=DIR/cert.pem",
            "holds no PEM private key"),
        Arguments.of("SESSIONMANAGER_API_KEY=a\u00e9b", "SESSIONMANAGER_API_KEY: "));
  }

  private static PrintStream printStream(ByteArrayOutputStream buffer) {
    return new PrintStream(buffer, true, StandardCharsets.UTF_8);
  }
}
