package io.sessionmanager.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyCredentialsTest {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Test
  void sendsTheKeyAsABearerToken() {
    List<Metadata> applied = new ArrayList<>();
    CallCredentials.MetadataApplier applier =
        new CallCredentials.MetadataApplier() {
          @Override
          public void apply(Metadata headers) {
            applied.add(headers);
          }

          @Override
          public void fail(Status status) {
            throw new AssertionError(status);
          }
        };

    new ApiKeyCredentials("sk_test_0123456789abcdef")
        .applyRequestMetadata(null, Runnable::run, applier);

    assertEquals(1, applied.size());
    assertEquals("Bearer sk_test_0123456789abcdef", applied.get(0).get(AUTHORIZATION));
  }

  @Test
  void keepsTheKeyOutOfItsName() {
    assertFalse(new ApiKeyCredentials("sk_test_0123456789abcdef").toString().contains("sk_test"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "two words", "tab\tkey", "new\nline", "caf\u00e9"})
  void refusesAKeyThatCannotTravelAsAHeader(String apiKey) {
    assertThrows(IllegalArgumentException.class, () -> new ApiKeyCredentials(apiKey));
  }
}
