// Mirrors hudson.util.ListBoxModel from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    public static final class Option {
        // The real constructors take the name and value; this one is only here to hide the default.
        private Option() {
            stub();
        }
    }

    // Returns, as the real one (its body is empty): the plugin constructs it, and its unit tests run that.
    public ListBoxModel() {
    }

    public void add(@NonNull String displayName, @NonNull String value) {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
