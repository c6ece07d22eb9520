/**
 * gather4j: run many blocking tasks at once on virtual threads and gather their results in input
 * order, with fail-fast cancellation, per-task outcomes, limits, deadlines and a structured
 * guarantee. Start at {@link io.github.gather4j.Gather}.
 */
@org.jspecify.annotations.NullMarked
module io.github.gather4j {
  requires static transitive org.jspecify;
  // Flight Recorder events when the runtime has the module; none, and no failure, when it has not.
  requires static jdk.jfr;

  exports io.github.gather4j;
}
