/**
 * gather4j: run many blocking tasks at once on virtual threads and gather their results in input
 * order, with fail-fast cancellation, per-task outcomes, limits, deadlines and a structured
 * guarantee. Start at {@link io.github.gather4j.Gather}.
 */
@org.jspecify.annotations.NullMarked
@SuppressWarnings("module") // the cluster module is built after this one
module io.github.gather4j {
  requires static transitive org.jspecify;
  // Flight Recorder events when the runtime has the module; none, and no failure, when it has not.
  requires static jdk.jfr;

  exports io.github.gather4j;
  // The seam behind which another engine runs the tasks: for gather4j's own cluster module.
  exports io.github.gather4j.internal to
      io.github.gather4j.hazelcast;
}
