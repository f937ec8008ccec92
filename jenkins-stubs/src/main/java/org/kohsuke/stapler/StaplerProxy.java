// Mirrors org.kohsuke.stapler.StaplerProxy from org.kohsuke.stapler:stapler 1903.1905.ve5a_f469356f0
package org.kohsuke.stapler;

public interface StaplerProxy {
    Object getTarget();
}
