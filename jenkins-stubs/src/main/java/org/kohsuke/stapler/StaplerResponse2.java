// Mirrors org.kohsuke.stapler.StaplerResponse2 from org.kohsuke.stapler:stapler 1903.1905.ve5a_f469356f0
package org.kohsuke.stapler;

import edu.umd.cs.findbugs.annotations.NonNull;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

public interface StaplerResponse2 extends HttpServletResponse {
    void sendRedirect2(@NonNull String url) throws IOException;
}
