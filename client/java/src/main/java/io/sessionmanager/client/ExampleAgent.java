package io.sessionmanager.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
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
 * <p>ADDRESS is {@code host:port}. Every call has a 10 second deadline. An RPC error, bad usage or
 * a bad setting prints a message on stderr and exits with status 2.
 *
 * <p>The connection is plaintext unless the environment says otherwise (an empty variable counts
 * as unset):
 *
 * <ul>
 *   <li>{@code SESSIONMANAGER_API_KEY}: sent with every call as {@code authorization: Bearer
 *       <key>}.
 *   <li>{@code SESSIONMANAGER_TLS_CA_FILE}: connect with TLS, trusting only the PEM CA certificates
 *       in this file.
 *   <li>{@code SESSIONMANAGER_TLS_CERT_FILE} and {@code SESSIONMANAGER_TLS_KEY_FILE}: a PEM client
 *       certificate (chain) and its unencrypted PKCS#8 PEM private key, for mutual TLS; both or
 *       neither.
 *   <li>{@code SESSIONMANAGER_TLS_SERVER_NAME}: the name the server certificate must hold, instead
 *       of the host part of ADDRESS.
 * </ul>
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

  static final String API_KEY = "SESSIONMANAGER_API_KEY";
  static final String TLS_CA_FILE = "SESSIONMANAGER_TLS_CA_FILE";
  static final String TLS_CERT_FILE = "SESSIONMANAGER_TLS_CERT_FILE";
  static final String TLS_KEY_FILE = "SESSIONMANAGER_TLS_KEY_FILE";
  static final String TLS_SERVER_NAME = "SESSIONMANAGER_TLS_SERVER_NAME";

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
   * Runs the agent with the process's environment.
   *
   * @return the exit status: 0, or 2 after an RPC error, bad usage or a bad setting
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, System.getenv(), out, err);
  }

  /**
   * Runs the agent.
   *
   * @param env the environment, for the connection settings named in the class documentation
   * @return the exit status: 0, or 2 after an RPC error, bad usage or a bad setting
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
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

    ManagedChannel channel;
    try {
      channel = newChannel(args[0], env);
    } catch (AgentFailure e) {
      err.println("example-agent: " + e.getMessage());
      return EXIT_FAILURE;
    }
    try (SessionManagerClient client = new SessionManagerClient(channel, CALL_TIMEOUT)) {
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
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * Builds the channel to {@code target} with the credentials and server name the environment
   * gives. Every file is read and checked here, so a bad one fails before any call.
   */
  private static ManagedChannel newChannel(String target, Map<String, String> env) {
    ChannelCredentials credentials = credentials(env);
    ManagedChannelBuilder<?> builder;
    try {
      builder = Grpc.newChannelBuilder(target, credentials);
    } catch (RuntimeException e) {
      // gRPC's TLS checks: IllegalArgumentException or ProviderNotFoundException.
      throw new AgentFailure(
          "cannot use the TLS settings in "
              + String.join(", ", TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE)
              + ": "
              + messageOf(e));
    }
    String serverName = setting(env, TLS_SERVER_NAME);
    if (serverName != null) {
      try {
        builder.overrideAuthority(serverName);
      } catch (IllegalArgumentException e) {
        throw new AgentFailure("bad " + TLS_SERVER_NAME + " " + serverName + ": " + e.getMessage());
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new AgentFailure("bad address " + target + ": " + e.getMessage());
    }
  }

  /**
   * The channel credentials the environment asks for: plaintext or TLS, with the API key on every
   * call when one is set.
   */
  private static ChannelCredentials credentials(Map<String, String> env) {
    String caFile = setting(env, TLS_CA_FILE);
    String certFile = setting(env, TLS_CERT_FILE);
    String keyFile = setting(env, TLS_KEY_FILE);
    if ((certFile == null) != (keyFile == null)) {
      throw new AgentFailure(
          TLS_CERT_FILE + " and " + TLS_KEY_FILE + " go together: set both or neither");
    }
    if (caFile == null && (certFile != null || setting(env, TLS_SERVER_NAME) != null)) {
      throw new AgentFailure(
          TLS_CERT_FILE + ", " + TLS_KEY_FILE + " and " + TLS_SERVER_NAME + " need " + TLS_CA_FILE);
    }
    ChannelCredentials channel =
        caFile == null ? InsecureChannelCredentials.create() : tls(caFile, certFile, keyFile);

    String apiKey = setting(env, API_KEY);
    if (apiKey == null) {
      return channel;
    }
    try {
      return CompositeChannelCredentials.create(channel, new ApiKeyCredentials(apiKey));
    } catch (IllegalArgumentException e) {
      throw new AgentFailure(API_KEY + ": " + e.getMessage());
    }
  }

  /** TLS credentials trusting the CA file, with the client certificate and key when given. */
  private static ChannelCredentials tls(String caFile, String certFile, String keyFile) {
    byte[] ca = read(TLS_CA_FILE, caFile);
    requireCertificates(TLS_CA_FILE, caFile, ca);
    TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
    try {
      builder.trustManager(new ByteArrayInputStream(ca));
      if (certFile != null) {
        byte[] cert = read(TLS_CERT_FILE, certFile);
        requireCertificates(TLS_CERT_FILE, certFile, cert);
        byte[] key = read(TLS_KEY_FILE, keyFile);
        requirePkcs8(keyFile, key);
        builder.keyManager(new ByteArrayInputStream(cert), new ByteArrayInputStream(key));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading from memory does not fail
    }
    return builder.build();
  }

  /** The variable's value, or null when it is unset or empty. */
  private static String setting(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** The contents of the file a variable names. */
  private static byte[] read(String variable, String file) {
    try (InputStream in = new FileInputStream(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      // FileInputStream's message names the file and the reason.
      throw new AgentFailure("cannot read " + variable + " " + e.getMessage());
    }
  }

  /** Checks that a file holds PEM certificates only, all of which parse. */
  private static void requireCertificates(String variable, String file, byte[] pem) {
    if (!new String(pem, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
      throw new AgentFailure("no PEM certificate in " + variable + " " + file);
    }
    try {
      CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      throw new AgentFailure(
          "bad PEM certificate in " + variable + " " + file + ": " + e.getMessage());
    }
  }

  /**
   * Checks that the key file holds an unencrypted PKCS#8 PEM key, the one form gRPC's Netty
   * transport reads without more libraries, and says how to convert the others.
   */
  private static void requirePkcs8(String file, byte[] pem) {
    String text = new String(pem, StandardCharsets.ISO_8859_1);
    if (text.contains("-----BEGIN PRIVATE KEY-----")) {
      return;
    }
    String problem;
    if (text.contains("-----BEGIN RSA PRIVATE KEY-----")
        || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
      problem = "holds a PKCS#1 or SEC1 key, not PKCS#8";
    } else if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      problem = "holds an encrypted key";
    } else {
      problem = "holds no PEM private key";
    }
    throw new AgentFailure(
        TLS_KEY_FILE
            + " "
            + file
            + " "
            + problem
            + "; an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) is needed, as"
            + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8' writes");
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

  /** An exception's message, and its cause's when there is one. */
  private static String messageOf(RuntimeException e) {
    Throwable cause = e.getCause();
    if (cause == null || cause.getMessage() == null) {
      return e.getMessage();
    }
    return e.getMessage() + " (" + cause.getMessage() + ")";
  }

  /**
   * The status code and the first line of its message (Netty adds its channel pipeline on the
   * next), and the root cause when there is one: for a failed TLS handshake, the reason.
   */
  private static String describe(StatusRuntimeException e) {
    Status status = e.getStatus();
    StringBuilder text = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      text.append(": ").append(status.getDescription().lines().findFirst().orElse(""));
    }
    Throwable cause = status.getCause();
    for (int depth = 0; cause != null && cause.getCause() != null && depth < 10; depth++) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      text.append(" (").append(cause.getMessage()).append(')');
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
