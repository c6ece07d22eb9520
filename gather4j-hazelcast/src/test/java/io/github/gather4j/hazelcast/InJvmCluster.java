package io.github.gather4j.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Three Hazelcast members in the test JVM, on 127.0.0.1, started on first use for all the tests of
 * the JVM (this module's own, which name the extension, and the core's contract tests, which reach
 * it through {@link ClusterEngines}) and shut down when the JVM exits. Loopback TCP-IP join with
 * each address listed, multicast, auto-detection and phone-home off, a cluster name of its own.
 */
final class InJvmCluster implements BeforeAllCallback {
  static final int MEMBERS = 3;
  static final int POOL = 64; // each member's gather4j executor

  private static @Nullable InJvmCluster cluster;

  final String name = "gather4j-test-" + UUID.randomUUID();
  final List<HazelcastInstance> members = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final List<HazelcastInstance> clients = new ArrayList<>();

  /** The extension's instance, made by JUnit; the cluster itself is the one of the JVM. */
  public InJvmCluster() {}

  /** The cluster of this JVM, started on the first call. */
  static synchronized InJvmCluster get() {
    InJvmCluster started = cluster;
    if (started == null) {
      started = new InJvmCluster();
      started.start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "in-jvm-cluster-shutdown"));
      cluster = started;
    }
    return started;
  }

  /** The first member, the usual caller of the tests. */
  static HazelcastInstance member() {
    return get().members.get(0);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    get();
  }

  private void start() {
    for (int i = 0; i < MEMBERS; i++) {
      addresses.add("127.0.0.1:" + LocalCluster.freePort());
    }
    // Member 1 first, then the others together: they join it.
    members.add(Hazelcast.newHazelcastInstance(config(0)));
    List<CompletableFuture<HazelcastInstance>> rest = new ArrayList<>();
    for (int i = 1; i < MEMBERS; i++) {
      Config config = config(i);
      rest.add(CompletableFuture.supplyAsync(() -> Hazelcast.newHazelcastInstance(config)));
    }
    rest.forEach(f -> members.add(f.join()));
  }

  private Config config(int i) {
    Config config = LocalCluster.memberConfig(name, i, addresses, POOL);
    config.setProperty("hazelcast.partition.count", "31");
    return config;
  }

  /** A client of the cluster, shut down with it. */
  synchronized HazelcastInstance client() {
    HazelcastInstance client =
        HazelcastClient.newHazelcastClient(LocalCluster.clientConfig(name, addresses));
    clients.add(client);
    return client;
  }

  private synchronized void close() {
    clients.forEach(HazelcastInstance::shutdown);
    members.forEach(HazelcastInstance::shutdown);
  }
}
