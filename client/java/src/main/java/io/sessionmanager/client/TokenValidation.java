package io.sessionmanager.client;

import io.sessionmanager.v1.ValidationReason;
import java.util.Objects;

/**
 * The answer to one token check by {@link SessionManagerClient#validateToken(String, String,
 * String)}.
 *
 * <p>A token that does not validate is not an error: {@code valid} is false and {@code reason} says
 * why. {@code valid} is true only when the server said so with {@link
 * ValidationReason#VALIDATION_REASON_VALID}; a reason this client does not know (from a newer
 * server, read as {@link ValidationReason#UNRECOGNIZED}) never counts as a pass.
 *
 * @param valid whether the token is valid for the call and the function
 * @param reason why, as the server named it
 */
public record TokenValidation(boolean valid, ValidationReason reason) {

  /** Checks that the reason is not null. */
  public TokenValidation {
    Objects.requireNonNull(reason, "reason");
  }
}
