package io.github.gather4j;

/**
 * Counts of a gather's tasks, given to a {@link ProgressListener}. In the last call of a gather,
 * {@code succeeded + failed + cancelled == total}. Immutable and thread-safe.
 *
 * @param total the number of tasks in the gather (for a {@link Scope}: forked so far)
 * @param succeeded tasks that returned a value
 * @param failed tasks that threw (other than because they were cancelled)
 * @param cancelled tasks cancelled, or never started, by a deadline, a failure or an interrupt
 * @since 0.1
 */
public record Progress(int total, int succeeded, int failed, int cancelled) {
  /**
   * Returns how many tasks have ended, in any way.
   *
   * @return {@code succeeded + failed + cancelled}
   */
  public int ended() {
    return succeeded + failed + cancelled;
  }

  /**
   * Returns whether every task has ended.
   *
   * @return {@code ended() == total}
   */
  public boolean isDone() {
    return ended() == total;
  }
}
