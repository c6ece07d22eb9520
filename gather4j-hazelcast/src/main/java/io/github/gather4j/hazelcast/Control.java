package io.github.gather4j.hazelcast;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;

/**
 * A message from a caller to the members of its gather, sent on an executor of its own so that it
 * never waits behind the tasks it is about: cancel the whole call, cancel one task, or forget the
 * call (it has ended).
 *
 * @param kind what to do
 * @param callId the id of the gather call
 * @param index the task, for {@link Kind#CANCEL_TASK}
 */
record Control(Kind kind, UUID callId, int index) implements Runnable, Serializable {
  @Serial private static final long serialVersionUID = 1L;

  enum Kind {
    CANCEL_CALL,
    CANCEL_TASK,
    FORGET
  }

  @Override
  public void run() {
    switch (kind) {
      case CANCEL_CALL -> MemberCalls.cancelCall(callId);
      case CANCEL_TASK -> MemberCalls.cancelTask(callId, index);
      case FORGET -> MemberCalls.forget(callId);
    }
  }
}
