/**
 * gather4j: run many blocking tasks at once on virtual threads and gather the results. Start at
 * {@link io.github.gather4j.Gather}.
 */
@NullMarked
package io.github.gather4j;

import org.jspecify.annotations.NullMarked;
