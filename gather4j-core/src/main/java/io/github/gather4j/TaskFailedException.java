package io.github.gather4j;

/**
 * Thrown by a fail-fast verb when a task failed: {@link #index()} is the failed task's position and
 * {@link #getCause()} its own exception, unwrapped. Failures of other tasks that were not caused by
 * the cancellation that followed are attached as {@linkplain #getSuppressed() suppressed}
 * exceptions, so no error is lost. Its index never changes once thrown.
 *
 * @since 0.1
 */
public final class TaskFailedException extends GatherException {
  private static final long serialVersionUID = 1L;

  private final int index;

  /**
   * Creates an exception for the task at {@code index}.
   *
   * @param message what failed
   * @param index the failed task's position, from 0
   * @param cause the task's own exception
   */
  public TaskFailedException(String message, int index, Throwable cause) {
    super(message, cause);
    this.index = index;
  }

  /**
   * Returns the position of the failed task in the input (or in fork order for a {@link Scope}).
   *
   * @return the index, from 0
   */
  public int index() {
    return index;
  }
}
