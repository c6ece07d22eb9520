package io.github.gather4j.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import io.github.gather4j.internal.Inputs;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * What travels to a member for one task: the task itself, and the call and index it belongs to, so
 * that the member can tell whether a cancel for it came first ({@link MemberCalls}). A task that is
 * {@link HazelcastInstanceAware} (or a {@code map} whose mapper is) is given the instance of the
 * member it runs on.
 *
 * <p>Written by Hazelcast's own {@link DataSerializable} (two longs and an int, then the user's
 * task by whatever serializes it), not by Java serialization: the envelope of every task costs a
 * few bytes and no reflection on either side.
 */
final class RemoteTask implements Callable<Object>, DataSerializable, HazelcastInstanceAware {
  private UUID callId;
  private int index;
  private Callable<?> work;

  /** For Hazelcast, which makes the object and then reads its fields. */
  @SuppressWarnings("NullAway.Init")
  public RemoteTask() {}

  /**
   * The envelope of one task.
   *
   * @param callId the id of the gather call
   * @param index the task's index in its gather
   * @param work the user's task (for {@code map}: the mapper with its item)
   */
  RemoteTask(UUID callId, int index, Callable<?> work) {
    this.callId = callId;
    this.index = index;
    this.work = work;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(callId.getMostSignificantBits());
    out.writeLong(callId.getLeastSignificantBits());
    out.writeInt(index);
    out.writeObject(work);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    callId = new UUID(in.readLong(), in.readLong());
    index = in.readInt();
    @Nullable Callable<?> read = in.readObject();
    if (read == null) {
      throw new IOException("task " + index + " arrived without its work");
    }
    work = read;
  }

  /**
   * Hazelcast gives the member's instance to what it runs: passed on to a task (or a {@code map}'s
   * mapper, a copy of its own on the member) that wants it.
   */
  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    Object target = work instanceof Inputs.Applied applied ? applied.mapper() : work;
    if (target instanceof HazelcastInstanceAware aware) {
      aware.setHazelcastInstance(hazelcast);
    }
  }

  @Override
  public @Nullable Object call() throws Exception {
    MemberCalls.enter(callId, index);
    try {
      return work.call();
    } finally {
      MemberCalls.exit(callId, index);
    }
  }
}
