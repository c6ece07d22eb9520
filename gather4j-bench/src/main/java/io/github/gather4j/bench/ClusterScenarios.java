package io.github.gather4j.bench;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import io.github.gather4j.TaskFailedException;
import io.github.gather4j.bench.Compare.Measure;
import io.github.gather4j.bench.Compare.Sample;
import io.github.gather4j.hazelcast.HazelcastGather;
import io.github.gather4j.hazelcast.LocalCluster;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * (cluster) the same gather on a Hazelcast cluster of member JVMs on this machine, from a client:
 * gather4j against the loop a user writes by hand with Hazelcast's {@link IExecutorService} (submit
 * every task round-robin to the members, then {@code get} each in order; on a failure, cancel the
 * rest).
 */
final class ClusterScenarios {
  private ClusterScenarios() {}

  /** A task that returns its index after {@code sleepMillis}; serializable, as it travels. */
  record Work(int index, long sleepMillis) implements Callable<Integer>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public Integer call() throws InterruptedException {
      if (sleepMillis > 0) {
        Thread.sleep(sleepMillis);
      }
      return index;
    }
  }

  /**
   * For fail fast: sleeps {@code sleepMillis}, recording an interrupt in a map of the run, or (the
   * failing one) throws after {@code sleepMillis} with the wall-clock time it failed at.
   */
  static final class Sibling implements Callable<Integer>, Serializable, HazelcastInstanceAware {
    @Serial private static final long serialVersionUID = 1L;
    private final String run;
    private final int index;
    private final long sleepMillis;
    private final boolean fails;
    private transient HazelcastInstance member;

    Sibling(String run, int index, long sleepMillis, boolean fails) {
      this.run = run;
      this.index = index;
      this.sleepMillis = sleepMillis;
      this.fails = fails;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      member = hazelcast;
    }

    @Override
    public Integer call() throws Exception {
      member.<Integer, Boolean>getMap(run + "-started").put(index, true);
      try {
        Thread.sleep(sleepMillis);
      } catch (InterruptedException e) {
        member.<Integer, Boolean>getMap(run).put(index, true);
        throw e;
      }
      if (fails) {
        throw new IllegalStateException("failed at " + System.currentTimeMillis());
      }
      return index;
    }
  }

  /** Throughput: {@code n} tasks of {@code sleepMillis} each, results in order. */
  static Map<String, Measure> throughput(HazelcastInstance client, long sleepMillis) {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put(
        "gather4j HazelcastGather.on(client).all",
        (ignored, n) -> {
          List<Callable<Integer>> tasks = works(n, sleepMillis);
          long start = System.nanoTime();
          List<Integer> results = HazelcastGather.on(client).all(tasks);
          return sample(start, Compare.inOrder(results, n), "");
        });
    ways.put(
        "hand-written: submitToMember round-robin, get in order",
        (ignored, n) -> {
          List<Callable<Integer>> tasks = works(n, sleepMillis);
          long start = System.nanoTime();
          List<Integer> results = handWritten(client, tasks);
          return sample(start, Compare.inOrder(results, n), "");
        });
    return ways;
  }

  /**
   * Fail fast: {@code n - 1} siblings sleeping {@code sleepMillis} and one, the last, failing at 50
   * ms; the time is from its failure to the call's throw (wall clock, across JVMs), the note how
   * many siblings their members saw interrupted by then.
   */
  static Map<String, Measure> failFast(HazelcastInstance client, long sleepMillis) {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put(
        "gather4j HazelcastGather.on(client).all",
        (ignored, n) -> {
          String run = "failfast-" + UUID.randomUUID();
          try {
            HazelcastGather.on(client).all(siblings(run, n, sleepMillis));
            return new Sample(Double.NaN, Double.NaN, false, "did not fail");
          } catch (TaskFailedException e) {
            return failed(client, run, n, e.getCause());
          }
        });
    ways.put(
        "hand-written: get in order, cancel(true) the rest on a failure",
        (ignored, n) -> {
          String run = "failfast-" + UUID.randomUUID();
          try {
            handWritten(client, siblings(run, n, sleepMillis));
            return new Sample(Double.NaN, Double.NaN, false, "did not fail");
          } catch (ExecutionException e) {
            return failed(client, run, n, e.getCause());
          }
        });
    return ways;
  }

  /**
   * A member SIGKILLed mid-gather: {@code n} tasks sleeping {@code sleepMillis} on a fresh cluster
   * of 3 member JVMs (started for each measurement), member 2 killed once all have started; the
   * time is from the kill to the call's end.
   */
  static Map<String, Measure> memberKilled(long sleepMillis) {
    Map<String, Measure> ways = new LinkedHashMap<>();
    ways.put(
        "gather4j HazelcastGather.on(client).all", (ignored, n) -> killed(n, sleepMillis, false));
    ways.put(
        "hand-written: get in order, cancel(true) the rest on a failure",
        (ignored, n) -> killed(n, sleepMillis, true));
    return ways;
  }

  private static Sample killed(int n, long sleepMillis, boolean handWritten) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(3, 64)) {
      HazelcastInstance client = cluster.client();
      String run = "killed-" + UUID.randomUUID();
      CountDownLatch started = new CountDownLatch(n);
      client
          .<Integer, Boolean>getMap(run + "-started")
          .addEntryListener((EntryAddedListener<Integer, Boolean>) e -> started.countDown(), false);
      List<Callable<Integer>> tasks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        tasks.add(new Sibling(run, i, sleepMillis, false));
      }
      CompletableFuture<Throwable> call = new CompletableFuture<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  if (handWritten) {
                    handWritten(client, tasks);
                  } else {
                    HazelcastGather.on(client).all(tasks);
                  }
                  call.complete(null);
                } catch (Throwable t) {
                  call.complete(t);
                }
              });
      if (!started.await(60, TimeUnit.SECONDS)) {
        return new Sample(Double.NaN, Double.NaN, false, "the tasks did not all start");
      }
      long kill = System.nanoTime();
      cluster.kill(1);
      Throwable thrown = call.get(60, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - kill) / 1e9;
      int interrupted = client.getMap(run).size();
      Throwable cause = thrown == null ? null : thrown.getCause();
      boolean correct =
          handWritten
              ? thrown != null
              : thrown instanceof TaskFailedException
                  && (cause instanceof TargetDisconnectedException
                      || cause instanceof MemberLeftException
                      || cause instanceof TargetNotMemberException);
      String what =
          thrown == null
              ? "returned"
              : (thrown instanceof TaskFailedException failed
                  ? "task " + failed.index() + " failed: " + cause.getClass().getSimpleName()
                  : thrown.getClass().getSimpleName());
      return new Sample(
          seconds, Double.NaN, correct, what + "; " + interrupted + " tasks interrupted elsewhere");
    }
  }

  private static Sample failed(HazelcastInstance client, String run, int n, Throwable cause) {
    long thrown = System.currentTimeMillis();
    String message = String.valueOf(cause.getMessage());
    if (!message.startsWith("failed at ")) {
      return new Sample(Double.NaN, Double.NaN, false, "failed with " + cause);
    }
    long failedAt = Long.parseLong(message.substring("failed at ".length()));
    int interrupted = client.getMap(run).size();
    client.getMap(run).destroy();
    return new Sample(
        (thrown - failedAt) / 1e3,
        Double.NaN,
        true,
        interrupted + "/" + (n - 1) + " siblings interrupted when it threw");
  }

  /** What a user writes by hand: submit all round-robin, get in order, cancel on a failure. */
  private static List<Integer> handWritten(HazelcastInstance client, List<Callable<Integer>> tasks)
      throws Exception {
    IExecutorService executor = client.getExecutorService(HazelcastGather.DEFAULT_EXECUTOR);
    List<Member> members = new ArrayList<>(client.getCluster().getMembers());
    List<Future<Integer>> futures = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      futures.add(executor.submitToMember(tasks.get(i), members.get(i % members.size())));
    }
    List<Integer> results = new ArrayList<>(tasks.size());
    try {
      for (Future<Integer> future : futures) {
        results.add(future.get());
      }
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
    return results;
  }

  private static List<Callable<Integer>> works(int n, long sleepMillis) {
    List<Callable<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tasks.add(new Work(i, sleepMillis));
    }
    return tasks;
  }

  private static List<Callable<Integer>> siblings(String run, int n, long sleepMillis) {
    List<Callable<Integer>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n - 1; i++) {
      tasks.add(new Sibling(run, i, sleepMillis, false));
    }
    tasks.add(new Sibling(run, n - 1, 50, true));
    return tasks;
  }

  private static Sample sample(long start, boolean correct, String note) {
    return new Sample((System.nanoTime() - start) / 1e9, Double.NaN, correct, note);
  }
}
