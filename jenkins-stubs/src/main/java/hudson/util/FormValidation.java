// Mirrors hudson.util.FormValidation from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

public abstract class FormValidation extends IOException implements HttpResponse {
    // The real constructors are private and take the kind of answer; this one is only here to hide the default.
    private FormValidation() {
        stub();
    }

    public static FormValidation error(String message) {
        return stub();
    }

    public static FormValidation warning(String message) {
        return stub();
    }

    public static FormValidation ok() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
