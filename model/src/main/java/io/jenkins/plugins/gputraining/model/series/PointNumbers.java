package io.jenkins.plugins.gputraining.model.series;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** How both exports write a coordinate: a gap as null, a whole number without a fraction (steps read as 10). */
final class PointNumbers {
    /** Beyond 2^53 a double no longer holds every whole number exactly; leave those to Double.toString. */
    private static final double LARGEST_EXACT = 9.007199254740992E15;

    private PointNumbers() {
    }

    static void write(final JsonGenerator generator, final double value) throws IOException {
        if (Double.isNaN(value)) {
            generator.writeNull();
        }
        else if (value == Math.rint(value) && Math.abs(value) <= LARGEST_EXACT) {
            generator.writeNumber((long) value);
        }
        else {
            generator.writeNumber(value);
        }
    }
}
