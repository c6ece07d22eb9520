package io.github.gather4j.bench;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.ListeningExecutorService;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.mu.util.concurrent.Fanout;
import com.pivovarit.collectors.ParallelCollectors;
import io.github.gather4j.Gather;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.StructuredTaskScope;
import java.util.stream.Gatherers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The contenders, side by side. */
final class Contenders {
  private Contenders() {}

  /** One virtual thread per task for the libraries that take an executor; never closed. */
  static final ExecutorService VIRTUAL = Executors.newVirtualThreadPerTaskExecutor();

  static List<Contender> all() {
    return List.of(
        new Gather4j(),
        new BareThreads(),
        new Structured(),
        new FutureAllOf(),
        new MapConcurrent(),
        new GuavaAllAsList(),
        new ReactorFlux());
  }

  /**
   * Every contender of {@link #all()} and the two libraries measured only where a call is small
   * (j): parallel-collectors and Mug, whose one way of taking a list of tasks is a stream
   * collector.
   */
  static List<Contender> withCollectors() {
    List<Contender> contenders = new ArrayList<>(all());
    contenders.add(new ParallelCollectorsList());
    contenders.add(new MugFanout());
    return List.copyOf(contenders);
  }

  static <T> Callable<T> throttled(Callable<T> task, Semaphore permits) {
    return () -> {
      permits.acquire();
      try {
        return task.call();
      } finally {
        permits.release();
      }
    };
  }

  /** Calls {@code task} where only unchecked exceptions may pass, as the JDK's streams need. */
  static <T> T callUnchecked(Callable<T> task) {
    try {
      return task.call();
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  static Exception unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof Exception e ? e : new RuntimeException(cause);
  }

  static final class Gather4j implements Contender {
    @Override
    public String name() {
      return "gather4j";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      return Gather.all(tasks);
    }

    @Override
    public <T> List<T> limited(List<Callable<T>> tasks, int limit) throws Exception {
      return Gather.with().limit(limit).all(tasks);
    }

    @Override
    public boolean nativeLimit() {
      return true;
    }
  }

  /** The floor: a virtual thread per task, started and joined by hand. Not fail-fast. */
  static final class BareThreads implements Contender {
    @Override
    public String name() {
      return "bare virtual threads";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      int n = tasks.size();
      Object[] results = new Object[n];
      Throwable[] failures = new Throwable[n];
      Thread[] threads = new Thread[n];
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<T> task = tasks.get(i);
        threads[i] =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        results[index] = task.call();
                      } catch (Throwable t) {
                        failures[index] = t;
                      }
                    });
      }
      for (Thread thread : threads) {
        thread.join();
      }
      for (Throwable failure : failures) {
        if (failure != null) {
          throw unwrap(failure);
        }
      }
      return (List<T>) List.of(results);
    }
  }

  /** JDK 25 StructuredTaskScope (preview), the default joiner: all successful or throw. */
  static final class Structured implements Contender {
    @Override
    public String name() {
      return "StructuredTaskScope";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      try (var scope = StructuredTaskScope.open()) {
        List<StructuredTaskScope.Subtask<T>> subtasks = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
          subtasks.add(scope.fork(task));
        }
        try {
          scope.join();
        } catch (StructuredTaskScope.FailedException e) {
          throw unwrap(e.getCause());
        }
        List<T> results = new ArrayList<>(subtasks.size());
        for (StructuredTaskScope.Subtask<T> subtask : subtasks) {
          results.add(subtask.get());
        }
        return results;
      }
    }
  }

  /** CompletableFuture.supplyAsync on virtual threads, then allOf and join. */
  static final class FutureAllOf implements Contender {
    @Override
    public String name() {
      return "CompletableFuture.allOf";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(CompletableFuture.supplyAsync(() -> callUnchecked(task), VIRTUAL));
      }
      try {
        CompletableFuture.allOf(futures.toArray(CompletableFuture<?>[]::new)).join();
      } catch (CompletionException e) {
        throw unwrap(e);
      }
      List<T> results = new ArrayList<>(futures.size());
      for (CompletableFuture<T> future : futures) {
        results.add(future.join());
      }
      return results;
    }
  }

  /** Gatherers.mapConcurrent (Java 24+): a stream step; its limit is required. */
  static final class MapConcurrent implements Contender {
    @Override
    public String name() {
      return "Gatherers.mapConcurrent";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      return limited(tasks, Math.max(1, tasks.size()));
    }

    @Override
    public <T> List<T> limited(List<Callable<T>> tasks, int limit) throws Exception {
      try {
        return tasks.stream()
            .gather(Gatherers.<Callable<T>, T>mapConcurrent(limit, Contenders::callUnchecked))
            .toList();
      } catch (CompletionException e) {
        throw unwrap(e);
      } catch (RuntimeException e) {
        throw unwrap(e.getCause() == null ? e : e.getCause());
      }
    }

    @Override
    public boolean nativeLimit() {
      return true;
    }
  }

  /** Guava: submit to a listening virtual-thread executor, then Futures.allAsList. */
  static final class GuavaAllAsList implements Contender {
    private static final ListeningExecutorService EXECUTOR =
        MoreExecutors.listeningDecorator(VIRTUAL);

    @Override
    public String name() {
      return "Guava Futures.allAsList";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      List<ListenableFuture<T>> futures = new ArrayList<>(tasks.size());
      for (Callable<T> task : tasks) {
        futures.add(EXECUTOR.submit(task));
      }
      try {
        return Futures.allAsList(futures).get();
      } catch (ExecutionException e) {
        throw unwrap(e);
      }
    }
  }

  /** Reactor: flatMapSequential over Mono.fromCallable on a virtual-thread scheduler. */
  static final class ReactorFlux implements Contender {
    private static final Scheduler SCHEDULER = Schedulers.fromExecutorService(VIRTUAL);

    @Override
    public String name() {
      return "Reactor flatMapSequential";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      return limited(tasks, Math.max(1, tasks.size()));
    }

    @Override
    public <T> List<T> limited(List<Callable<T>> tasks, int limit) throws Exception {
      try {
        return Flux.fromIterable(tasks)
            .flatMapSequential(task -> Mono.fromCallable(task).subscribeOn(SCHEDULER), limit, 1)
            .collectList()
            .block();
      } catch (RuntimeException e) {
        throw unwrap(reactor.core.Exceptions.unwrap(e));
      }
    }

    @Override
    public boolean nativeLimit() {
      return true;
    }
  }

  /** parallel-collectors: its parallel collector (virtual threads, no limit), then join. */
  static final class ParallelCollectorsList implements Contender {
    @Override
    public String name() {
      return "parallel-collectors";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      try {
        return tasks.stream()
            .collect(
                ParallelCollectors.parallel(
                    Contenders::<T>callUnchecked, java.util.stream.Collectors.toList()))
            .join();
      } catch (CompletionException e) {
        throw unwrap(e);
      }
    }
  }

  /** Mug: {@code Fanout.withUnlimitedConcurrency().inParallel(...)} over the tasks, in order. */
  static final class MugFanout implements Contender {
    @Override
    public String name() {
      return "Mug Fanout";
    }

    @Override
    public <T> List<T> all(List<Callable<T>> tasks) throws Exception {
      try {
        return tasks.stream()
            .collect(Fanout.withUnlimitedConcurrency().inParallel(Contenders::<T>callUnchecked))
            .values()
            .toList();
      } catch (RuntimeException e) {
        throw unwrap(e.getCause() == null ? e : e.getCause());
      }
    }
  }
}
