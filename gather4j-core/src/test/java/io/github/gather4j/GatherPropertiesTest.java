package io.github.gather4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The invariants, over random task sets: order, exactly one outcome per slot, no lost error,
 * nothing alive after return — with random delays, results, failures, errors, limits, deadlines and
 * nested gathers.
 */
class GatherPropertiesTest {

  enum Kind {
    VALUE,
    NULL,
    EXCEPTION,
    ERROR,
    NESTED
  }

  /** One task's plan: how it ends, after how long (delays only shuffle completion order). */
  record Spec(Kind kind, int delayMicros, int value) {}

  @Provide
  Arbitrary<List<Spec>> specs() {
    Arbitrary<Spec> spec =
        Combinators.combine(
                Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 3_000),
                Arbitraries.integers())
            .as(Spec::new);
    return spec.list().ofMinSize(0).ofMaxSize(24);
  }

  private static final class Expectation {
    final Tasks tasks = new Tasks();
    final List<Throwable> failures = new ArrayList<>();
  }

  private static Callable<Object> taskFor(Spec spec, int index, Expectation e, Gathering g) {
    Throwable failure =
        switch (spec.kind()) {
          case EXCEPTION -> new java.io.IOException("task " + index);
          case ERROR -> new AssertionError("task " + index);
          default -> null;
        };
    if (failure != null) {
      e.failures.add(failure);
    }
    return e.tasks.task(
        () -> {
          if (spec.delayMicros() > 0) {
            Thread.sleep(Duration.ofNanos(spec.delayMicros() * 1_000L));
          }
          return switch (spec.kind()) {
            case VALUE -> spec.value();
            case NULL -> null;
            case NESTED -> g.all(() -> spec.value(), () -> spec.value() + 1).get(1);
            case EXCEPTION -> throw (Exception) failure;
            case ERROR -> throw (Error) failure;
          };
        });
  }

  private static List<Callable<Object>> tasksFor(List<Spec> specs, Expectation e, Gathering g) {
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      tasks.add(taskFor(specs.get(i), i, e, g));
    }
    return tasks;
  }

  private static Object expectedValue(Spec spec) {
    return switch (spec.kind()) {
      case VALUE -> spec.value();
      case NESTED -> spec.value() + 1;
      default -> null;
    };
  }

  private static Gathering gathering(int limit, boolean platform) {
    Gathering g = Gather.with();
    if (limit > 0) {
      g = g.limit(limit);
    }
    return platform ? g.threadFactory(Thread.ofPlatform().factory()) : g;
  }

  @Property(tries = 150)
  void settled_oneOutcomePerSlotInOrder_nothingAlive(
      @ForAll("specs") List<Spec> specs,
      @ForAll @IntRange(min = 0, max = 6) int limit,
      @ForAll boolean platform)
      throws Exception {
    Gathering g = gathering(limit, platform);
    Expectation e = new Expectation();
    List<Callable<Object>> tasks = tasksFor(specs, e, g);
    List<Outcome<Object>> outcomes = g.settled(tasks);
    assertThat(outcomes).hasSize(specs.size());
    int failureIndex = 0;
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      Outcome<Object> outcome = outcomes.get(i);
      switch (spec.kind()) {
        case EXCEPTION, ERROR ->
            assertThat(outcome).isEqualTo(new Outcome.Failure<>(e.failures.get(failureIndex++)));
        default -> assertThat(outcome).isEqualTo(new Outcome.Success<>(expectedValue(spec)));
      }
    }
    e.tasks.assertNoThreadAlive();
    if (limit > 0) {
      assertThat(e.tasks.maxConcurrent.get()).isLessThanOrEqualTo(limit);
    }
  }

  @Property(tries = 150)
  void all_resultsInOrderOrEveryFailureReportedOnce_nothingAlive(
      @ForAll("specs") List<Spec> specs,
      @ForAll @IntRange(min = 0, max = 6) int limit,
      @ForAll boolean platform)
      throws Exception {
    Gathering g = gathering(limit, platform);
    Expectation e = new Expectation();
    List<Callable<Object>> tasks = tasksFor(specs, e, g);
    Throwable thrown = catchThrowable(() -> g.all(tasks));
    e.tasks.assertNoThreadAlive();
    if (e.failures.isEmpty()) {
      assertThat(thrown).isNull();
      List<Object> results = g.all(tasks);
      for (int i = 0; i < specs.size(); i++) {
        assertThat(results.get(i)).isEqualTo(expectedValue(specs.get(i)));
      }
      return;
    }
    assertThat(thrown).isInstanceOf(TaskFailedException.class);
    TaskFailedException failed = (TaskFailedException) thrown;
    Kind kind = specs.get(failed.index()).kind();
    assertThat(kind).isIn(Kind.EXCEPTION, Kind.ERROR);
    // Every reported error is a real failure, reported once; none is a cancellation.
    List<Throwable> reported = new ArrayList<>(List.of(failed.getSuppressed()));
    reported.add(failed.getCause());
    Set<Throwable> unique = new HashSet<>(reported);
    assertThat(unique).hasSameSizeAs(reported);
    assertThat(e.failures).containsAll(reported);
    if (limit > 0) {
      assertThat(e.tasks.maxConcurrent.get()).isLessThanOrEqualTo(limit);
    }
  }

  @Property(tries = 60)
  void settledWithDeadline_eachSlotItsRealOutcomeOrCancelled(
      @ForAll("specs") List<Spec> specs, @ForAll @IntRange(min = 0, max = 4) int limit)
      throws Exception {
    Gathering g = gathering(limit, false).timeout(Duration.ofMillis(2));
    Expectation e = new Expectation();
    List<Callable<Object>> tasks = tasksFor(specs, e, g);
    List<Outcome<Object>> outcomes = g.settled(tasks);
    e.tasks.assertNoThreadAlive();
    assertThat(outcomes).hasSize(specs.size());
    int failureIndex = 0;
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      Outcome<Object> outcome = outcomes.get(i);
      boolean fails = spec.kind() == Kind.EXCEPTION || spec.kind() == Kind.ERROR;
      Throwable failure = fails ? e.failures.get(failureIndex++) : null;
      if (outcome instanceof Outcome.Cancelled<Object>) {
        continue;
      }
      if (fails) {
        assertThat(outcome).isEqualTo(new Outcome.Failure<>(failure));
      } else if (spec.kind() == Kind.NESTED && outcome instanceof Outcome.Failure<Object> f) {
        // a nested gather cut short by the deadline reports its own timeout, never a stray error
        assertThat(f.exception()).isInstanceOf(GatherTimeoutException.class);
      } else {
        assertThat(outcome).isEqualTo(new Outcome.Success<>(expectedValue(spec)));
      }
    }
  }

  /** The async face completes with exactly what the blocking verb returns: the same outcomes. */
  @Property(tries = 100)
  void asyncSettled_completesWithWhatTheBlockingVerbReturns(
      @ForAll("specs") List<Spec> specs,
      @ForAll @IntRange(min = 0, max = 6) int limit,
      @ForAll boolean platform)
      throws Exception {
    Gathering g = gathering(limit, platform);
    Expectation e = new Expectation();
    List<Callable<Object>> tasks = tasksFor(specs, e, g);
    GatherFuture<List<Outcome<Object>>> future = g.async().settled(tasks);
    List<Outcome<Object>> async = future.get(Tasks.GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(future.ended()).isDone();
    e.tasks.assertNoThreadAlive();
    assertThat(async).isEqualTo(g.settled(tasks));
  }

  /** The async face fails with what the blocking verb throws: a real failure, reported once. */
  @Property(tries = 100)
  void asyncAll_completesOrFailsAsTheBlockingVerbDoes(
      @ForAll("specs") List<Spec> specs,
      @ForAll @IntRange(min = 0, max = 6) int limit,
      @ForAll boolean platform)
      throws Exception {
    Gathering g = gathering(limit, platform);
    Expectation e = new Expectation();
    List<Callable<Object>> tasks = tasksFor(specs, e, g);
    GatherFuture<List<Object>> future = g.async().all(tasks);
    Throwable thrown =
        catchThrowable(() -> future.get(Tasks.GENEROUS.toMillis(), TimeUnit.MILLISECONDS));
    assertThat(future.ended()).isDone();
    e.tasks.assertNoThreadAlive();
    Throwable blocking = catchThrowable(() -> g.all(tasks));
    if (blocking == null) {
      assertThat(thrown).isNull();
      assertThat(future.get()).isEqualTo(g.all(tasks));
      return;
    }
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    Throwable cause = thrown.getCause();
    assertThat(cause).isExactlyInstanceOf(blocking.getClass());
    TaskFailedException failed = (TaskFailedException) cause;
    assertThat(specs.get(failed.index()).kind()).isIn(Kind.EXCEPTION, Kind.ERROR);
    List<Throwable> reported = new ArrayList<>(List.of(failed.getSuppressed()));
    reported.add(failed.getCause());
    assertThat(new HashSet<>(reported)).hasSameSizeAs(reported);
    assertThat(e.failures).containsAll(reported);
  }

  /** Cancelled at a random moment, an async gather leaves nothing running once ended(). */
  @Property(tries = 100)
  void asyncCancelledAtARandomMoment_endsWithNothingAlive(
      @ForAll("specs") List<Spec> specs,
      @ForAll @IntRange(min = 0, max = 6) int limit,
      @ForAll @IntRange(min = 0, max = 2_000) int cancelAfterMicros)
      throws Exception {
    Gathering g = gathering(limit, false);
    Expectation e = new Expectation();
    GatherFuture<List<Outcome<Object>>> future = g.async().settled(tasksFor(specs, e, g));
    Thread.sleep(Duration.ofNanos(cancelAfterMicros * 1_000L)); // a random moment, not a sync
    future.cancel(true);
    assertThat(future).isDone(); // cancelled, unless it had completed before

    future.ended().get(Tasks.GENEROUS.toMillis(), TimeUnit.MILLISECONDS);
    e.tasks.assertNoThreadAlive();
  }
}
