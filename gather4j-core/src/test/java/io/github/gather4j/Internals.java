package io.github.gather4j;

import io.github.gather4j.internal.Options;
import io.github.gather4j.internal.Ticker;
import java.time.Duration;

/** For tests: a {@link Gathering} with internal options no user can set (a ticker, a grace). */
public final class Internals {
  private Internals() {}

  /** Returns a gathering with exactly {@code options}. */
  public static Gathering gathering(Options options) {
    return new Gathering(options);
  }

  /** Returns {@code gathering} reading its time from {@code ticker}. */
  public static Gathering withTicker(Gathering gathering, Ticker ticker) {
    return gathering(gathering.options().withTicker(ticker));
  }

  /** Returns a gathering that reports tasks still running {@code grace} after a stop. */
  public static Gathering withStuckTaskGrace(Duration grace) {
    return gathering(Options.DEFAULTS.withStuckTaskGrace(grace));
  }
}
