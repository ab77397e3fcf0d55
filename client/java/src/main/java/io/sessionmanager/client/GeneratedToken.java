package io.sessionmanager.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A token minted by {@link SessionManagerClient#generateToken(String, String)}.
 *
 * @param token the token, to hand out with the function's webhook URL
 * @param expireTime when the token stops validating (whole seconds)
 */
public record GeneratedToken(String token, Instant expireTime) {

  /** Checks that neither component is null. */
  public GeneratedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expireTime, "expireTime");
  }

  /** Returns the expiry as Unix seconds, the form the token itself carries. */
  public long expireTimeUnix() {
    return expireTime.getEpochSecond();
  }
}
