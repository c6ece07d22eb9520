package io.github.gather4j;

/**
 * Thrown by a fail-fast verb when its deadline passed before every task succeeded. The unfinished
 * tasks have been cancelled and have ended when it is thrown. Failures of tasks that were not
 * caused by that cancellation are attached as suppressed exceptions. Its counts never change.
 *
 * @since 0.1
 */
public final class GatherTimeoutException extends GatherException {
  private static final long serialVersionUID = 1L;

  private final int completed;
  private final int total;

  /**
   * Creates an exception.
   *
   * @param message what timed out
   * @param completed how many tasks had succeeded by the deadline
   * @param total how many tasks there were
   */
  public GatherTimeoutException(String message, int completed, int total) {
    super(message, null);
    this.completed = completed;
    this.total = total;
  }

  /**
   * Returns how many tasks had succeeded by the deadline.
   *
   * @return the count of successful tasks
   */
  public int completed() {
    return completed;
  }

  /**
   * Returns how many tasks the call had.
   *
   * @return the count of tasks
   */
  public int total() {
    return total;
  }
}
