package io.github.gather4j.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A Hazelcast cluster of member JVMs on this machine, for trying gather4j-hazelcast out, for tests
 * and for examples: each member is a JVM started from this JVM's class path (so every task class
 * this JVM has is on the members too), on 127.0.0.1 with a port of its own, joined by TCP-IP with
 * every address listed, multicast, auto-detection and phone-home off, under a cluster name of its
 * own. The members are lean ({@code -Xmx128m}, serial GC, C1 only, logging off) and stop when they
 * are killed, when {@link #close()} stops them by PID, or when this JVM ends (they watch their
 * standard input).
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(3);
 *     HazelcastInstance client = cluster.client()) {
 *   List<Integer> lengths = HazelcastGather.on(client).map(words, (Mapper<String, Integer> & Serializable) String::length);
 * }
 * }</pre>
 *
 * <p>Not for production: real members are configured and started as Hazelcast's documentation says,
 * with gather4j-hazelcast and the task classes on their class path (docs/CLUSTER.md).
 */
public final class LocalCluster implements AutoCloseable {
  /** How long a member JVM may take to start and join: generous, for a loaded 2-core machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final String name = "gather4j-local-" + UUID.randomUUID();
  private final int pool;
  private final List<String> addresses = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final List<UUID> uuids = new ArrayList<>();
  private final List<HazelcastInstance> instances = new ArrayList<>();
  private final Thread reaper = new Thread(this::killAll, "gather4j-local-cluster-reaper");

  private LocalCluster(int members, int pool) {
    this.pool = pool;
    for (int i = 0; i < members; i++) {
      addresses.add("127.0.0.1:" + freePort());
    }
  }

  /**
   * Starts {@code members} member JVMs, each with a gather4j executor of 16 threads, and returns
   * once all have joined.
   *
   * @param members how many member JVMs, at least 1
   * @return the running cluster
   * @throws IllegalArgumentException if {@code members} is less than 1
   * @throws IllegalStateException if a member did not start (its output is in the message)
   */
  public static LocalCluster start(int members) {
    return start(members, 16);
  }

  /**
   * Starts {@code members} member JVMs, each with a gather4j executor of {@code pool} threads, and
   * returns once all have joined.
   *
   * @param members how many member JVMs, at least 1
   * @param pool the threads of each member's executor {@value HazelcastGather#DEFAULT_EXECUTOR}
   * @return the running cluster
   * @throws IllegalArgumentException if {@code members} or {@code pool} is less than 1
   * @throws IllegalStateException if a member did not start (its output is in the message)
   */
  public static LocalCluster start(int members, int pool) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be at least 1, was " + members);
    }
    if (pool < 1) {
      throw new IllegalArgumentException("pool must be at least 1, was " + pool);
    }
    LocalCluster cluster = new LocalCluster(members, pool);
    Runtime.getRuntime().addShutdownHook(cluster.reaper);
    try {
      // Member 1 first, then the others together: they join it.
      cluster.launch(0).join();
      List<CompletableFuture<Void>> rest = new ArrayList<>();
      for (int i = 1; i < members; i++) {
        rest.add(cluster.launch(i));
      }
      rest.forEach(CompletableFuture::join);
    } catch (RuntimeException e) {
      cluster.close();
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause
          ? cause
          : e;
    }
    return cluster;
  }

  /** The configuration of member {@code index} of a local cluster, in any JVM. */
  static Config memberConfig(String clusterName, int index, List<String> addresses, int pool) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setInstanceName(clusterName + "-member-" + (index + 1));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.partition.count", "71");
    config.getJetConfig().setEnabled(false);
    config.getExecutorConfig(HazelcastGather.DEFAULT_EXECUTOR).setPoolSize(pool);
    NetworkConfig network = config.getNetworkConfig();
    int port =
        index < addresses.size()
            ? Integer.parseInt(addresses.get(index).split(":")[1])
            : freePort();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(addresses);
    return config;
  }

  private CompletableFuture<Void> launch(int index) {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.addAll(
        List.of(
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
            "-Dhazelcast.logging.type=none",
            "-Dhazelcast.phone.home.enabled=false",
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(
        List.of(
            "-cp",
            classPath(),
            MemberProcess.class.getName(),
            name,
            Integer.toString(index),
            String.join(",", addresses),
            Integer.toString(pool)));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start member JVM " + (index + 1), e);
    }
    synchronized (this) {
      processes.add(process); // launched in index order, from start()
      uuids.add(new UUID(0, 0)); // until the member says its own
    }
    return CompletableFuture.runAsync(
        () -> awaitReady(index, process), r -> Thread.ofVirtual().start(r));
  }

  /**
   * Reads the member's output until it says it is ready, then drains the rest in the background.
   */
  private void awaitReady(int index, Process process) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder said = new StringBuilder();
    CompletableFuture<UUID> ready = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("gather4j-local-member-" + (index + 1) + "-output")
        .start(
            () -> {
              try {
                for (String line; (line = out.readLine()) != null; ) {
                  if (!ready.isDone()) {
                    if (line.startsWith(MemberProcess.READY)) {
                      ready.complete(
                          UUID.fromString(line.substring(MemberProcess.READY.length()).trim()));
                    } else {
                      said.append(line).append('\n');
                    }
                  }
                }
              } catch (IOException e) {
                // The member's output ended with it.
              }
              ready.completeExceptionally(new IllegalStateException("exited"));
            });
    try {
      UUID uuid = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      synchronized (this) {
        uuids.set(index, uuid);
      }
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "member JVM "
              + (index + 1)
              + " did not start within "
              + START_TIMEOUT.toSeconds()
              + " s ("
              + e.getMessage()
              + "); it said:\n"
              + said,
          e);
    }
  }

  private static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** This JVM's class path: under Surefire, the test class path it was given. */
  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  /** The configuration of a client of a local cluster, in any JVM. */
  static ClientConfig clientConfig(String clusterName, List<String> addresses) {
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "none");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setAddresses(addresses);
    return config;
  }

  /** A port free on this machine now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the number of member JVMs started.
   *
   * @return the number of members, living or killed
   */
  public int size() {
    return addresses.size();
  }

  /**
   * Returns member {@code index}'s operating-system process id.
   *
   * @param index the member, from 0
   * @return its PID
   */
  public synchronized long pid(int index) {
    return processes.get(Objects.checkIndex(index, size())).pid();
  }

  /**
   * Returns the cluster member that member JVM {@code index} is.
   *
   * @param viewer an instance of this cluster
   * @param index the member JVM, from 0
   * @return the member, as {@code viewer} sees it
   * @throws IllegalStateException if it is no longer in the cluster
   */
  public Member member(HazelcastInstance viewer, int index) {
    UUID uuid;
    synchronized (this) {
      uuid = uuids.get(Objects.checkIndex(index, size()));
    }
    for (Member member : viewer.getCluster().getMembers()) {
      if (member.getUuid().equals(uuid)) {
        return member;
      }
    }
    throw new IllegalStateException("member " + (index + 1) + " is not in the cluster");
  }

  /**
   * Connects a new client to the cluster; {@link #close()} shuts it down.
   *
   * @return the client
   */
  public HazelcastInstance client() {
    HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig(name, addresses));
    synchronized (this) {
      instances.add(client);
    }
    return client;
  }

  /**
   * Starts a lite member in this JVM, joined to the cluster: a member caller that holds no data and
   * runs no tasks; {@link #close()} shuts it down.
   *
   * @return the lite member
   */
  public HazelcastInstance liteMember() {
    Config config = memberConfig(name, size(), addresses, pool);
    config.setInstanceName(name + "-lite-" + UUID.randomUUID());
    config.setLiteMember(true);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    synchronized (this) {
      instances.add(member);
    }
    return member;
  }

  /**
   * Kills member JVM {@code index} with SIGKILL, by PID, and returns once it is gone: a machine
   * lost mid-work, as its peers see it.
   *
   * @param index the member, from 0
   */
  public void kill(int index) {
    ProcessHandle handle;
    synchronized (this) {
      handle = processes.get(Objects.checkIndex(index, size())).toHandle();
    }
    handle.destroyForcibly();
    handle.onExit().join();
  }

  /**
   * Shuts down the clients and lite members this cluster made, kills every member JVM by PID, and
   * checks that none is left.
   *
   * @throws IllegalStateException if a member process is still alive after 30 s
   */
  @Override
  public void close() {
    List<HazelcastInstance> made;
    synchronized (this) {
      made = List.copyOf(instances);
      instances.clear();
    }
    for (HazelcastInstance instance : made) {
      try {
        instance.shutdown();
      } catch (RuntimeException e) {
        // A client of a cluster already gone may complain: it is shut down all the same.
      }
    }
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException e) {
      // This JVM is shutting down: the hook is running or ran.
    }
    List<Long> left = new ArrayList<>();
    for (Process process : List.copyOf(processes)) {
      try {
        if (!process.toHandle().onExit().get(30, TimeUnit.SECONDS).isAlive()) {
          continue;
        }
      } catch (Exception e) {
        // Counted as left below.
      }
      if (process.isAlive()) {
        left.add(process.pid());
      }
    }
    if (!left.isEmpty()) {
      throw new IllegalStateException("member processes still alive after kill: PIDs " + left);
    }
  }

  private synchronized void killAll() {
    for (Process process : processes) {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
