package io.sessionmanager.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Call credentials that send a SessionManager API key with every call, as the metadata header
 * {@code authorization: Bearer <key>}.
 *
 * <p>Combine them with the channel's credentials, so that a client made from a target sends the key
 * on every call:
 *
 * <pre>{@code
 * ChannelCredentials credentials =
 *     CompositeChannelCredentials.create(
 *         TlsChannelCredentials.create(), new ApiKeyCredentials(apiKey));
 * SessionManagerClient sessions = new SessionManagerClient(target, credentials, timeout);
 * }</pre>
 *
 * <p>or attach them to a stub with {@code withCallCredentials}. The key is sent whatever the
 * channel's security, plaintext included; outside loopback, use TLS.
 */
public final class ApiKeyCredentials extends CallCredentials {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String authorization;

  /**
   * Credentials for one API key.
   *
   * @param apiKey the key as issued, without the {@code Bearer } prefix: printable ASCII, no spaces
   * @throws IllegalArgumentException if the key is empty or holds other characters
   */
  public ApiKeyCredentials(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    if (apiKey.isEmpty() || !apiKey.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new IllegalArgumentException("an API key must be printable ASCII without spaces");
    }
    this.authorization = "Bearer " + apiKey;
  }

  @Override
  public void applyRequestMetadata(
      RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, authorization);
    applier.apply(headers);
  }

  /** Names the class only: the key stays out of logs. */
  @Override
  public String toString() {
    return "ApiKeyCredentials";
  }
}
