package io.github.gather4j;

/**
 * Told how a gather is going: after each task ends, and once more when the call ends.
 *
 * <p>Calls are never concurrent with each other, so an implementation needs no locking; they are
 * made on the thread that waits for the gather (the caller), so a slow listener delays only that
 * thread's bookkeeping, never the tasks. A listener that throws is logged and otherwise ignored: it
 * does not break the gather.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Receives the current counts.
   *
   * @param progress how many tasks there are and how many ended in each way so far
   */
  void onProgress(Progress progress);
}
