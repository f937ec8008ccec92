// Mirrors org.kohsuke.stapler.StaplerRequest2 from org.kohsuke.stapler:stapler 1903.1905.ve5a_f469356f0
package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

public interface StaplerRequest2 extends HttpServletRequest {
    String getRestOfPath();
}
