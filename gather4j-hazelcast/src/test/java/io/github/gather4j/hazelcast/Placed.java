package io.github.gather4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.partition.PartitionAware;
import io.github.gather4j.Mapper;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/** Tasks and items with a partition key, and what says which member they ran on. */
final class Placed {
  private Placed() {}

  /**
   * A map item with a partition key.
   *
   * @param key its key
   */
  record Item(String key) implements PartitionAware<String>, Serializable {
    @Serial private static final long serialVersionUID = 1L;

    @Override
    public String getPartitionKey() {
      return key;
    }
  }

  /** A mapper that returns the member it ran on: it is given the member's instance. */
  static final class WhereMapped
      implements Mapper<Item, UUID>, Serializable, HazelcastInstanceAware {
    @Serial private static final long serialVersionUID = 1L;
    private transient @Nullable HazelcastInstance member;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      member = hazelcast;
    }

    @Override
    public UUID apply(Item item) {
      return Objects.requireNonNull(member, "no instance given")
          .getCluster()
          .getLocalMember()
          .getUuid();
    }
  }

  /** A task with a partition key that returns the member it ran on. */
  static final class Task
      implements Callable<UUID>, PartitionAware<String>, Serializable, HazelcastInstanceAware {
    @Serial private static final long serialVersionUID = 1L;
    private final String key;
    private transient @Nullable HazelcastInstance member;

    Task(String key) {
      this.key = key;
    }

    @Override
    public String getPartitionKey() {
      return key;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      member = hazelcast;
    }

    @Override
    public UUID call() {
      return Objects.requireNonNull(member, "no instance given")
          .getCluster()
          .getLocalMember()
          .getUuid();
    }
  }
}
