package io.github.gather4j.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The main class of a member JVM that {@link LocalCluster} starts: a Hazelcast member with {@link
 * LocalCluster#memberConfig}, which says {@code ready <uuid>} on its standard output once it has
 * joined, and ends when its standard input ends — when the JVM that started it closes it, or dies.
 */
final class MemberProcess {
  static final String READY = "gather4j-member ready ";

  private MemberProcess() {}

  /**
   * Starts the member.
   *
   * @param args the cluster name, this member's index, the members' addresses (comma-separated) and
   *     the pool of the gather4j executor
   * @throws IOException never in practice: reading the standard input
   */
  public static void main(String[] args) throws IOException {
    Config config =
        LocalCluster.memberConfig(
            args[0],
            Integer.parseInt(args[1]),
            List.of(args[2].split(",")),
            Integer.parseInt(args[3]));
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    System.out.println(READY + member.getCluster().getLocalMember().getUuid());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // Nothing is said on the input: its end is the signal.
    }
    Runtime.getRuntime().halt(0);
  }
}
