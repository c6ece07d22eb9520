package io.github.gather4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test sees of its tasks on the members. The members run in the test JVM, so a task that
 * travelled by serialization finds its test's probe by id in a static registry: started, ended,
 * interrupted, the most running at once, and latches the test opens.
 */
final class Probe {
  private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();
  static final long GENEROUS_SECONDS = 30;

  final String id = UUID.randomUUID().toString();
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger ended = new AtomicInteger();
  final AtomicInteger interrupted = new AtomicInteger();
  final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();
  final AtomicInteger startedAfterReturn = new AtomicInteger();
  volatile boolean callReturned;
  final CountDownLatch allStarted;
  final CountDownLatch release = new CountDownLatch(1);

  Probe(int expectedStarts) {
    allStarted = new CountDownLatch(expectedStarts);
    PROBES.put(id, this);
  }

  static Probe of(String id) {
    Probe probe = PROBES.get(id);
    if (probe == null) {
      throw new IllegalStateException("no probe " + id);
    }
    return probe;
  }

  void enter() {
    if (callReturned) {
      startedAfterReturn.incrementAndGet();
    }
    started.incrementAndGet();
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    allStarted.countDown();
  }

  void exit() {
    running.decrementAndGet();
    ended.incrementAndGet();
  }

  static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(GENEROUS_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("latch not reached in " + GENEROUS_SECONDS + " s");
    }
  }

  /** Returns its value and the name of the member that ran it. */
  static final class Value implements Callable<String>, Serializable, HazelcastInstanceAware {
    @Serial private static final long serialVersionUID = 1L;
    private final String probe;
    private final String value;
    private transient String member = "the caller";

    Value(String probe, String value) {
      this.probe = probe;
      this.value = value;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      member = hazelcast.getName();
    }

    @Override
    public String call() {
      Probe p = of(probe);
      p.enter();
      try {
        return value + "@" + member;
      } finally {
        p.exit();
      }
    }
  }

  /** Runs until the test releases it or it is interrupted (counted). */
  record Blocking(String probe, String value) implements Callable<String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String call() throws InterruptedException {
      Probe p = of(probe);
      p.enter();
      try {
        await(p.release);
        return value;
      } catch (InterruptedException e) {
        p.interrupted.incrementAndGet();
        throw e;
      } finally {
        p.exit();
      }
    }
  }

  /** Fails once every task the probe expects has started. */
  record FailingOnceAllStarted(String probe, String message)
      implements Callable<String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String call() throws Exception {
      Probe p = of(probe);
      await(p.allStarted);
      throw new IllegalStateException(message);
    }
  }

  /** Fails at once. */
  record Failing(String message) implements Callable<String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String call() {
      throw new IllegalStateException(message);
    }
  }
}
