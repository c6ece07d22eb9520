package io.github.gather4j;

import java.util.concurrent.Callable;

/**
 * Wraps each task before it starts, on the caller's thread, so that context held in thread-locals
 * (SLF4J's MDC, tracing spans, security context) can be captured there and restored inside the
 * task. Micrometer's {@code ContextSnapshot.captureAll()::wrap} fits as it is.
 *
 * {@snippet :
 * Gathering withMdc = Gather.with().decorate(task -> {
 *   Map<String, String> context = MDC.getCopyOfContextMap();   // on the caller's thread
 *   return () -> {
 *     MDC.setContextMap(context);                               // on the task's thread
 *     try { return task.call(); } finally { MDC.clear(); }
 *   };
 * });
 * }
 *
 * <p>Called on the caller's thread only, once per task, before any task of the call starts; a
 * decorator kept in a shared {@code Gathering} may be called by several callers at once, so it must
 * be thread-safe.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TaskDecorator {
  /**
   * Returns the task to run in place of {@code task}.
   *
   * @param task the task (possibly already decorated by an earlier decorator)
   * @return the wrapped task, never {@code null}
   */
  Callable<?> decorate(Callable<?> task);
}
