package io.github.gather4j.hazelcast;

/**
 * What a gather on the cluster does with a task whose member left the cluster (it was killed,
 * crashed or cut off) while the task was on it. Either way a task not yet sent never goes to a
 * member the call has seen leave, and a call whose members have all left fails its remaining tasks:
 * it never hangs.
 */
public enum MemberLoss {
  /**
   * The task fails with Hazelcast's own exception as its direct cause ({@code MemberLeftException}
   * from a member caller, {@code TargetDisconnectedException} from a client, {@code
   * TargetNotMemberException}), its index named: {@code all} fails fast, {@code settled} gives a
   * {@link io.github.gather4j.Outcome.Failure}. Each task runs at most once. The default.
   */
  FAIL,

  /**
   * The task is sent again, to a member still in the cluster, as often as members leave under it:
   * <strong>at-least-once</strong>. The lost member may have run part or all of it (and its side
   * effects happened) before it left, and its result is lost with it, so only idempotent tasks may
   * be run so. It fails as with {@link #FAIL} only when no member is left.
   */
  RERUN
}
