package io.github.gather4j;

import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of {@link Gathering#asCompleted}, yielded in the order they end. Use it in a
 * try-with-resources statement: {@link #close()} cancels and awaits whatever has not ended.
 *
 * {@snippet :
 * try (Completions<Page> pages = Gather.with().limit(8).asCompleted(downloads)) {
 *   for (Completed<Page> done : pages) {
 *     System.out.println("download " + done.index() + ": " + done.outcome());
 *   }
 * }
 * }
 *
 * <p>It is single-use, and {@link #iterator()} returns this object itself. {@link #next()} blocks
 * until a task ends. If the thread blocked in {@code hasNext()} or {@code next()} is interrupted,
 * the remaining tasks are cancelled and awaited, the interrupt flag is restored and a {@link
 * GatherException} with an {@link InterruptedException} cause is thrown.
 *
 * <p>Not thread-safe: only the thread that called {@code asCompleted} may use it ({@link
 * WrongThreadException} otherwise).
 *
 * <p>Made by gather4j only ({@link Gathering#asCompleted}); not meant to be implemented elsewhere:
 * methods may be added to it.
 *
 * @param <T> the type of the tasks' results
 * @since 0.1
 */
// Both on purpose (the contract): single-use, so that a for-each loop can consume it.
@SuppressWarnings("IterableAndIterator")
public interface Completions<T extends @Nullable Object>
    extends Iterator<Completed<T>>, Iterable<Completed<T>>, AutoCloseable {

  /** Cancels every task that has not ended, waits for them to end, and reports final progress. */
  @Override
  void close();
}
