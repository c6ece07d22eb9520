package io.github.gather4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * What travels to a member for one task: the task itself, and the call and index it belongs to, so
 * that the member can tell whether a cancel for it came first ({@link MemberCalls}). A task that is
 * {@link HazelcastInstanceAware} is given the instance of the member it runs on.
 *
 * @param callId the id of the gather call
 * @param index the task's index in its gather
 * @param work the user's task (for {@code map}: the mapper with its item)
 */
record RemoteTask(String callId, int index, Callable<?> work)
    implements Callable<Object>, Serializable, HazelcastInstanceAware {
  @Serial private static final long serialVersionUID = 1L;

  /** Hazelcast gives the member's instance to what it runs: passed on to a task that wants it. */
  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    if (work instanceof HazelcastInstanceAware aware) {
      aware.setHazelcastInstance(hazelcast);
    }
  }

  @Override
  public Object call() throws Exception {
    MemberCalls.enter(callId, index);
    try {
      return work.call();
    } finally {
      MemberCalls.exit(callId, index);
    }
  }
}
