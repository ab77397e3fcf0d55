package io.sessionmanager.client;

import com.google.protobuf.Timestamp;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.sessionmanager.v1.CreateSessionRequest;
import io.sessionmanager.v1.DeleteSessionMetadataRequest;
import io.sessionmanager.v1.GenerateTokenRequest;
import io.sessionmanager.v1.GenerateTokenResponse;
import io.sessionmanager.v1.GetSessionMetadataRequest;
import io.sessionmanager.v1.SessionManagerServiceGrpc;
import io.sessionmanager.v1.SessionManagerServiceGrpc.SessionManagerServiceBlockingStub;
import io.sessionmanager.v1.SetSessionMetadataRequest;
import io.sessionmanager.v1.ValidateTokenRequest;
import io.sessionmanager.v1.ValidateTokenResponse;
import io.sessionmanager.v1.ValidationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A small blocking client for the SessionManager service, with the SDK's method names and plain
 * Java values in place of protobuf messages.
 *
 * <p>Every call has a deadline ({@link #DEFAULT_TIMEOUT} unless another is given). A failed call
 * throws the {@link StatusRuntimeException} gRPC raised, whose {@link
 * StatusRuntimeException#getStatus() status} says why: {@code INVALID_ARGUMENT} for a malformed
 * request, {@code RESOURCE_EXHAUSTED} past a store bound, {@code UNAVAILABLE} or {@code
 * DEADLINE_EXCEEDED} when the server cannot be reached in time. A token that does not validate is
 * not an error but a {@link TokenValidation} with {@code valid == false}.
 *
 * <p>A client made from a target address owns its channel, and {@link #close()} shuts that down. A
 * client made from a {@link Channel} the caller built (for TLS, or interceptors that add an
 * authorization header) leaves the channel to the caller, and {@code close()} does nothing.
 * Instances are thread-safe.
 *
 * <p>The RPCs without a method here (batch validation, token debugging, cleanup) are reached
 * through {@link #blockingStub()}.
 */
public final class SessionManagerClient implements AutoCloseable {

  /** The deadline of each call unless the constructor is given another. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** How long {@link #close()} waits for calls in flight before cancelling them. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final SessionManagerServiceBlockingStub stub;
  private final ManagedChannel ownedChannel;
  private final long timeoutNanos;

  /**
   * Connects to {@code target} in plaintext, with the default deadline.
   *
   * @param target a gRPC target such as {@code "127.0.0.1:50051"} or {@code
   *     "dns:///sessions.internal:50051"}
   */
  public SessionManagerClient(String target) {
    this(target, InsecureChannelCredentials.create(), DEFAULT_TIMEOUT);
  }

  /**
   * Connects to {@code target} with the given credentials and deadline; the client owns the
   * channel.
   *
   * @param target a gRPC target such as {@code "sessions.internal:443"}
   * @param credentials for example {@code TlsChannelCredentials.create()} or {@code
   *     InsecureChannelCredentials.create()}
   * @param timeout the deadline of each call; must be positive
   */
  public SessionManagerClient(String target, ChannelCredentials credentials, Duration timeout) {
    this(newChannel(target, credentials, timeout), true, timeout);
  }

  /**
   * Uses a channel the caller built and keeps owning, with the default deadline.
   *
   * @param channel a channel, possibly with interceptors ({@link
   *     io.grpc.ClientInterceptors#intercept(Channel, io.grpc.ClientInterceptor...)})
   */
  public SessionManagerClient(Channel channel) {
    this(channel, DEFAULT_TIMEOUT);
  }

  /**
   * Uses a channel the caller built and keeps owning.
   *
   * @param channel a channel, possibly with interceptors
   * @param timeout the deadline of each call; must be positive
   */
  public SessionManagerClient(Channel channel, Duration timeout) {
    this(channel, false, timeout);
  }

  private SessionManagerClient(Channel channel, boolean owned, Duration timeout) {
    this.stub =
        SessionManagerServiceGrpc.newBlockingStub(Objects.requireNonNull(channel, "channel"));
    this.ownedChannel = owned ? (ManagedChannel) channel : null;
    this.timeoutNanos = requirePositive(timeout).toNanos();
  }

  /**
   * Returns the generated blocking stub with this client's deadline starting now, for the RPCs this
   * class does not wrap. Take a new one for each call, since the deadline runs from here.
   */
  public SessionManagerServiceBlockingStub blockingStub() {
    return stub.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Asks the server for a new random call id. Nothing is stored.
   *
   * @return the new call id
   */
  public String createSession() {
    return createSession("");
  }

  /**
   * Returns {@code callId}, or a new random id when it is empty. Nothing is stored.
   *
   * @param callId the call id to use, or {@code ""}
   * @return the call id
   */
  public String createSession(String callId) {
    CreateSessionRequest request =
        CreateSessionRequest.newBuilder()
            .setCallId(Objects.requireNonNull(callId, "callId"))
            .build();
    return blockingStub().createSession(request).getCallId();
  }

  /**
   * Mints a token binding {@code functionName} to {@code callId}.
   *
   * @param callId the call, non-empty, at most 256 bytes of UTF-8
   * @param functionName matching {@code ^[A-Za-z_][A-Za-z0-9_]*$}, at most 128 characters
   * @return the token and its expiry
   */
  public GeneratedToken generateToken(String callId, String functionName) {
    GenerateTokenRequest request =
        GenerateTokenRequest.newBuilder()
            .setCallId(Objects.requireNonNull(callId, "callId"))
            .setFunctionName(Objects.requireNonNull(functionName, "functionName"))
            .build();
    GenerateTokenResponse response = blockingStub().generateToken(request);
    return new GeneratedToken(response.getToken(), instantOf(response.getExpireTime()));
  }

  /**
   * Checks {@code token} against a call and a function.
   *
   * @param callId the call the function is being called for
   * @param functionName the function being called
   * @param token the token as handed out
   * @return whether the token is valid, and why
   */
  public TokenValidation validateToken(String callId, String functionName, String token) {
    ValidateTokenRequest request =
        ValidateTokenRequest.newBuilder()
            .setCallId(Objects.requireNonNull(callId, "callId"))
            .setFunctionName(Objects.requireNonNull(functionName, "functionName"))
            .setToken(Objects.requireNonNull(token, "token"))
            .build();
    ValidateTokenResponse response = blockingStub().validateToken(request);
    ValidationReason reason = response.getReason();
    return new TokenValidation(
        response.getValid() && reason == ValidationReason.VALIDATION_REASON_VALID, reason);
  }

  /**
   * Returns a session's metadata; an empty map when the session is unknown.
   *
   * @param sessionId the session (call id)
   * @return the metadata as JSON values, keys sorted; see {@link StructConverter}
   */
  public Map<String, Object> getSessionMetadata(String sessionId) {
    GetSessionMetadataRequest request =
        GetSessionMetadataRequest.newBuilder()
            .setSessionId(Objects.requireNonNull(sessionId, "sessionId"))
            .build();
    return StructConverter.toMap(blockingStub().getSessionMetadata(request).getMetadata());
  }

  /**
   * Merges the given top-level keys into a session's metadata, creating the session when needed;
   * keys not named keep their values.
   *
   * @param sessionId the session (call id)
   * @param metadata the keys to set, as JSON values; see {@link StructConverter}
   * @return the session's metadata after the merge
   * @throws IllegalArgumentException if a value cannot travel as JSON; nothing is sent
   */
  public Map<String, Object> setSessionMetadata(String sessionId, Map<String, ?> metadata) {
    SetSessionMetadataRequest request =
        SetSessionMetadataRequest.newBuilder()
            .setSessionId(Objects.requireNonNull(sessionId, "sessionId"))
            .setMetadata(StructConverter.toStruct(Objects.requireNonNull(metadata, "metadata")))
            .build();
    return StructConverter.toMap(blockingStub().setSessionMetadata(request).getMetadata());
  }

  /**
   * Sets one top-level key of a session's metadata, the SDK's single-key form.
   *
   * @param sessionId the session (call id)
   * @param key the key to set
   * @param value its value, a JSON value; see {@link StructConverter}
   * @return the session's metadata after the merge
   * @throws IllegalArgumentException if the value cannot travel as JSON; nothing is sent
   */
  public Map<String, Object> setSessionMetadata(String sessionId, String key, Object value) {
    return setSessionMetadata(
        sessionId, Collections.singletonMap(Objects.requireNonNull(key, "key"), value));
  }

  /**
   * Drops a session's metadata.
   *
   * @param sessionId the session (call id)
   * @return whether the session had metadata
   */
  public boolean deleteSessionMetadata(String sessionId) {
    DeleteSessionMetadataRequest request =
        DeleteSessionMetadataRequest.newBuilder()
            .setSessionId(Objects.requireNonNull(sessionId, "sessionId"))
            .build();
    return blockingStub().deleteSessionMetadata(request).getExisted();
  }

  /**
   * Shuts down the channel if this client made it, waiting briefly for calls in flight; does
   * nothing for a channel the caller passed in.
   */
  @Override
  public void close() {
    if (ownedChannel == null) {
      return;
    }
    ownedChannel.shutdown();
    try {
      if (!ownedChannel.awaitTermination(SHUTDOWN_GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
        ownedChannel.shutdownNow();
      }
    } catch (InterruptedException e) {
      ownedChannel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Builds the channel a client will own, after checking the other arguments. */
  private static ManagedChannel newChannel(
      String target, ChannelCredentials credentials, Duration timeout) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(credentials, "credentials");
    requirePositive(timeout);
    return Grpc.newChannelBuilder(target, credentials).build();
  }

  private static Duration requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    return timeout;
  }

  private static Instant instantOf(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
