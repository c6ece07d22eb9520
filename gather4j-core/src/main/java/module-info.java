/**
 * gather4j: run many blocking tasks at once on virtual threads and gather their results in input
 * order, with fail-fast cancellation, per-task outcomes, limits, deadlines and a structured
 * guarantee. Start at {@link io.github.gather4j.Gather}.
 */
@org.jspecify.annotations.NullMarked
module io.github.gather4j {
  requires static transitive org.jspecify;

  exports io.github.gather4j;
}
