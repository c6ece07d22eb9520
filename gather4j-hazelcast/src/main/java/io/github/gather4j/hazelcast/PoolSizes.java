package io.github.gather4j.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The pool of an executor on each member: how many tasks of one call may be in flight there. A
 * member caller reads its own configuration; a client cannot, so it asks each member once (on the
 * control executor, never behind tasks) and keeps the answer for the member's lifetime.
 */
final class PoolSizes {
  private static final Map<String, Integer> KNOWN = new ConcurrentHashMap<>();
  private static final long ASK_SECONDS = 10;

  private PoolSizes() {}

  /** The pool of {@code executorName} on each of {@code members}, in order. */
  static int[] of(
      HazelcastInstance hazelcast,
      String executorName,
      IExecutorService control,
      List<Member> members) {
    int[] sizes = new int[members.size()];
    int own = ownPoolSize(hazelcast, executorName);
    if (own > 0) {
      Arrays.fill(sizes, own);
      return sizes;
    }
    for (int i = 0; i < sizes.length; i++) {
      Member member = members.get(i);
      String key = member.getUuid() + "/" + executorName;
      Integer known = KNOWN.get(key);
      if (known == null) {
        known = ask(control, executorName, member);
        KNOWN.put(key, known);
      }
      sizes[i] = known;
    }
    return sizes;
  }

  /** The pool this instance's configuration gives, or 0 for a client, which has none. */
  private static int ownPoolSize(HazelcastInstance hazelcast, String executorName) {
    try {
      return hazelcast.getConfig().getExecutorConfig(executorName).getPoolSize();
    } catch (UnsupportedOperationException e) {
      return 0;
    }
  }

  private static int ask(IExecutorService control, String executorName, Member member) {
    try {
      return control
          .submitToMember(new Query(executorName), member)
          .get(ASK_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExecutorConfig.DEFAULT_POOL_SIZE;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // A member that cannot say (it is leaving, or runs an older gather4j-hazelcast): the default.
      return ExecutorConfig.DEFAULT_POOL_SIZE;
    }
  }

  /** Runs on a member: the pool size of the executor there. */
  static final class Query implements Callable<Integer>, Serializable, HazelcastInstanceAware {
    @Serial private static final long serialVersionUID = 1L;

    private final String executorName;
    private transient @Nullable HazelcastInstance member;

    Query(String executorName) {
      this.executorName = executorName;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      member = hazelcast;
    }

    @Override
    public Integer call() {
      HazelcastInstance given = member;
      return given == null
          ? ExecutorConfig.DEFAULT_POOL_SIZE
          : given.getConfig().getExecutorConfig(executorName).getPoolSize();
    }
  }
}
