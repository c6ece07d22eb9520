package io.github.gather4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.github.gather4j.Gathering;
import io.github.gather4j.internal.Engines;
import java.util.Objects;

/**
 * The same gather on a Hazelcast cluster: the returned {@link Gathering} is the core's own, with
 * every verb and option and the same rules, but its tasks run on the cluster's data members through
 * Hazelcast's {@link com.hazelcast.core.IExecutorService}.
 *
 * <pre>{@code
 * HazelcastInstance hazelcast = HazelcastClient.newHazelcastClient();
 * List<Report> reports =
 *     HazelcastGather.on(hazelcast).limit(64).map(regions, (Mapper<Region, Report> & Serializable) Report::of);
 * }</pre>
 *
 * <p>Tasks, and a {@code map}'s items, mapper and results, travel by Hazelcast serialization: a
 * named {@link java.io.Serializable} class, or a lambda cast to {@code (Callable<T> &
 * Serializable)}; their classes (and gather4j-hazelcast itself) must be on every member's class
 * path. One that cannot be sent fails as its task, with its index and class named. Fail fast, a
 * deadline, the caller's interrupt and closing interrupt the tasks on their members, and the call
 * returns once every member has answered: no task of it runs anywhere after it returns. Works from
 * a member, a lite member or a client. {@code threadFactory(…)} on the returned gathering moves the
 * tasks back to local threads.
 */
public final class HazelcastGather {
  /** The executor {@link #on(HazelcastInstance)} runs tasks on. */
  public static final String DEFAULT_EXECUTOR = "gather4j";

  static final String SERIALIZATION_HINT =
      "Tasks, and a map's mapper, items and results, travel by Hazelcast serialization: make the"
          + " class Serializable, or cast a lambda to (Callable<T> & Serializable)";

  private HazelcastGather() {}

  /**
   * Returns a gathering whose tasks run on the members of {@code hazelcast}'s cluster, on the
   * executor {@value #DEFAULT_EXECUTOR}.
   *
   * @param hazelcast a running member, lite member or client
   * @return the gathering, with the default options
   * @throws IllegalStateException if {@code hazelcast} is shut down
   */
  public static Gathering on(HazelcastInstance hazelcast) {
    return on(hazelcast, DEFAULT_EXECUTOR);
  }

  /**
   * Returns a gathering whose tasks run on the members of {@code hazelcast}'s cluster, on the
   * executor {@code executorName} (its pool size bounds the tasks of one call in flight on each
   * member). Cancels go through the executor {@code executorName + ".control"}, so that they never
   * wait behind tasks.
   *
   * @param hazelcast a running member, lite member or client
   * @param executorName the name of the members' executor
   * @return the gathering, with the default options
   * @throws IllegalStateException if {@code hazelcast} is shut down
   * @throws IllegalArgumentException if {@code executorName} is blank
   */
  public static Gathering on(HazelcastInstance hazelcast, String executorName) {
    return on(hazelcast, executorName, MemberLoss.FAIL);
  }

  /**
   * Returns a gathering whose tasks run on the members of {@code hazelcast}'s cluster, on the
   * executor {@code executorName}, and that does {@code onMemberLoss} with a task whose member
   * leaves the cluster while the task is on it: fail it ({@link MemberLoss#FAIL}, the default of
   * the other overloads) or run it again elsewhere ({@link MemberLoss#RERUN}, at-least-once, for
   * idempotent tasks only).
   *
   * @param hazelcast a running member, lite member or client
   * @param executorName the name of the members' executor
   * @param onMemberLoss what to do with a task whose member left
   * @return the gathering, with the default options
   * @throws IllegalStateException if {@code hazelcast} is shut down
   * @throws IllegalArgumentException if {@code executorName} is blank
   */
  public static Gathering on(
      HazelcastInstance hazelcast, String executorName, MemberLoss onMemberLoss) {
    Objects.requireNonNull(hazelcast, "hazelcast must not be null");
    Objects.requireNonNull(executorName, "executorName must not be null");
    Objects.requireNonNull(onMemberLoss, "onMemberLoss must not be null");
    if (executorName.isBlank()) {
      throw new IllegalArgumentException("executorName must not be blank");
    }
    checkRunning(hazelcast);
    return Engines.gathering(
        options -> new HazelcastEngine(hazelcast, executorName, onMemberLoss, options));
  }

  private static String nameOf(HazelcastInstance hazelcast) {
    try {
      return hazelcast.getName();
    } catch (RuntimeException e) {
      return hazelcast.getClass().getSimpleName();
    }
  }

  static void checkRunning(HazelcastInstance hazelcast) {
    boolean running;
    try {
      running = hazelcast.getLifecycleService().isRunning();
    } catch (RuntimeException e) { // a shut-down client says so by throwing
      running = false;
    }
    if (!running) {
      throw new IllegalStateException(
          "the HazelcastInstance "
              + nameOf(hazelcast)
              + " is shut down: nothing was started; gather on a running instance");
    }
  }
}
