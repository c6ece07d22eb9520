/** The gather algorithm and its engines; not exported, not API. */
@NullMarked
package io.github.gather4j.internal;

import org.jspecify.annotations.NullMarked;
