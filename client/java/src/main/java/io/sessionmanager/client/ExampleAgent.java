package io.sessionmanager.client;

import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An example agent: the calls an agent makes in one conversation, printed as one line of JSON.
 *
 * <pre>
 * example-agent ADDRESS                                   the whole flow
 * example-agent ADDRESS mint CALL_ID FUNCTION             prints {"token":"..."}
 * example-agent ADDRESS validate CALL_ID FUNCTION TOKEN   prints {"valid":...,"reason":"..."}
 * </pre>
 *
 * <p>ADDRESS is {@code host:port}, reached in plaintext. Every call has a 10 second deadline. An
 * RPC error or bad usage prints a message on stderr and exits with status 2.
 */
public final class ExampleAgent {

  /** The language this agent reports, and stores in the session's metadata. */
  static final String LANGUAGE = "java";

  /** The function the flow mints a token for. */
  static final String FUNCTION = "get_weather";

  /** Another function, for which that token must not validate. */
  static final String OTHER_FUNCTION = "transfer_funds";

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  static final int EXIT_OK = 0;
  static final int EXIT_FAILURE = 2;

  private static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: example-agent ADDRESS",
          "       example-agent ADDRESS mint CALL_ID FUNCTION",
          "       example-agent ADDRESS validate CALL_ID FUNCTION TOKEN");

  private ExampleAgent() {}

  /**
   * Runs the agent and exits with its status.
   *
   * @param args the command line, as described in the class documentation
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the agent.
   *
   * @return the exit status: 0, or 2 after an RPC error or bad usage
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      return EXIT_OK;
    }
    String mode = args.length > 1 ? args[1] : "";
    boolean usable =
        switch (mode) {
          case "" -> args.length == 1;
          case "mint" -> args.length == 4;
          case "validate" -> args.length == 5;
          default -> false;
        };
    if (!usable || args[0].isBlank()) {
      err.println("example-agent: bad usage");
      err.println(USAGE);
      return EXIT_FAILURE;
    }

    SessionManagerClient client;
    try {
      client = new SessionManagerClient(args[0], InsecureChannelCredentials.create(), CALL_TIMEOUT);
    } catch (IllegalArgumentException e) {
      err.println("example-agent: bad address " + args[0] + ": " + e.getMessage());
      return EXIT_FAILURE;
    }
    try (client) {
      Map<String, Object> result =
          switch (mode) {
            case "mint" -> mint(client, args[2], args[3]);
            case "validate" -> validate(client, args[2], args[3], args[4]);
            default -> flow(client);
          };
      out.println(Json.write(result));
      return EXIT_OK;
    } catch (AgentFailure e) {
      err.println("example-agent: " + e.getMessage());
      return EXIT_FAILURE;
    }
  }

  /** The whole flow: a session, a token, two checks, and the session's metadata. */
  private static Map<String, Object> flow(SessionManagerClient client) {
    String callId = call("CreateSession", client::createSession);
    GeneratedToken token = call("GenerateToken", () -> client.generateToken(callId, FUNCTION));
    TokenValidation same =
        call("ValidateToken", () -> client.validateToken(callId, FUNCTION, token.token()));
    TokenValidation other =
        call("ValidateToken", () -> client.validateToken(callId, OTHER_FUNCTION, token.token()));

    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("language", LANGUAGE);
    patch.put("step", 2);
    patch.put("tags", List.of("a", "b"));
    call("SetSessionMetadata", () -> client.setSessionMetadata(callId, patch));
    Map<String, Object> metadata =
        call("GetSessionMetadata", () -> client.getSessionMetadata(callId));

    Map<String, Object> validateOther = new LinkedHashMap<>();
    validateOther.put("function", OTHER_FUNCTION);
    validateOther.putAll(validationJson(other));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("language", LANGUAGE);
    result.put("call_id", callId);
    result.put("function", FUNCTION);
    result.put("token", token.token());
    result.put("expire_time_unix", token.expireTimeUnix());
    result.put("validate_same", validationJson(same));
    result.put("validate_other", validateOther);
    result.put("metadata", metadata);
    return result;
  }

  private static Map<String, Object> mint(
      SessionManagerClient client, String callId, String functionName) {
    GeneratedToken token = call("GenerateToken", () -> client.generateToken(callId, functionName));
    return Map.of("token", token.token());
  }

  private static Map<String, Object> validate(
      SessionManagerClient client, String callId, String functionName, String token) {
    return validationJson(
        call("ValidateToken", () -> client.validateToken(callId, functionName, token)));
  }

  private static Map<String, Object> validationJson(TokenValidation validation) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("valid", validation.valid());
    json.put("reason", validation.reason().name());
    return json;
  }

  /** Makes one call, turning an RPC error into an {@link AgentFailure} naming the RPC. */
  private static <T> T call(String rpc, Supplier<T> action) {
    try {
      return action.get();
    } catch (StatusRuntimeException e) {
      throw new AgentFailure(rpc + " failed: " + describe(e));
    }
  }

  /** The status code and message, and the underlying cause when there is one. */
  private static String describe(StatusRuntimeException e) {
    Status status = e.getStatus();
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription());
    }
    if (status.getCause() != null && status.getCause().getMessage() != null) {
      text.append(" (").append(status.getCause().getMessage()).append(')');
    }
    return text.toString();
  }

  /** A step of the agent failed; the message says which and why. */
  private static final class AgentFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AgentFailure(String message) {
      super(message);
    }
  }
}
