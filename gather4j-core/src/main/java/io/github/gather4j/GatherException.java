package io.github.gather4j;

import org.jspecify.annotations.Nullable;

/**
 * The base of the unchecked exceptions thrown by gather4j. Like any exception, safe to hand to
 * another thread once thrown; its fields never change.
 *
 * @since 0.1
 */
public class GatherException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong and what to do
   * @param cause the underlying cause, or {@code null}
   */
  public GatherException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
