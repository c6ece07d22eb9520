package io.github.gather4j.hazelcast;

import io.github.gather4j.Gathering;
import java.util.stream.Stream;

/**
 * The engines the core's contract tests run on in this module ({@code gather4j.test.engines} names
 * this class): the cluster of {@link InJvmCluster}, called from a member.
 */
public final class ClusterEngines {
  private ClusterEngines() {}

  /**
   * Returns the gatherings of the contract tests.
   *
   * @return a gathering on the in-JVM cluster
   */
  public static Stream<Gathering> gatherings() {
    return Stream.of(HazelcastGather.on(InJvmCluster.member()));
  }
}
