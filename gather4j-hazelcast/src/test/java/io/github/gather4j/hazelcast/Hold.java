package io.github.gather4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A task for member JVMs, which share nothing with the test but the cluster: it records on the
 * cluster that it started (map {@code <run>-started}: index to member), then holds — everywhere, or
 * only on the member {@code holdOn} — until it is interrupted (recorded in {@code
 * <run>-interrupted}) or {@code holdMillis} pass, and returns its index.
 */
final class Hold implements Callable<Integer>, Serializable, HazelcastInstanceAware {
  @Serial private static final long serialVersionUID = 1L;

  private final String run;
  private final int index;
  private final @Nullable UUID holdOn;
  private final long holdMillis;
  private transient @Nullable HazelcastInstance member;

  /**
   * A task that holds.
   *
   * @param run the test run's name, the prefix of its maps
   * @param index the task's index
   * @param holdOn the member it holds on, or null for every member
   * @param holdMillis how long it holds
   */
  Hold(String run, int index, @Nullable UUID holdOn, long holdMillis) {
    this.run = run;
    this.index = index;
    this.holdOn = holdOn;
    this.holdMillis = holdMillis;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    member = hazelcast;
  }

  @Override
  public Integer call() throws InterruptedException {
    HazelcastInstance member = java.util.Objects.requireNonNull(this.member, "no instance given");
    UUID here = member.getCluster().getLocalMember().getUuid();
    member.<Integer, UUID>getMap(run + "-started").put(index, here);
    if (holdOn == null || holdOn.equals(here)) {
      try {
        Thread.sleep(holdMillis);
      } catch (InterruptedException e) {
        member.<Integer, UUID>getMap(run + "-interrupted").put(index, here);
        throw e;
      }
    }
    return index;
  }
}
