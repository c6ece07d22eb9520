package io.github.gather4j.examples;

import java.time.Duration;

/** How the examples time what they print: a duration since a start, and in seconds. */
final class Timing {
  private Timing() {}

  /** The time since {@code startNanos}, a {@link System#nanoTime()} reading. */
  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** {@code d} in seconds, for printing. */
  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
