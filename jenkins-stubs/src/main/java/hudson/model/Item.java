// Mirrors hudson.model.Item from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.lang.reflect.Constructor;

public interface Item extends AccessControlled {
    // Distinct, not null, and made without throwing: SpotBugs reads these initialisers (a null one would be taken for
    // the value the plugin gets), and the plugin's unit tests load this interface.
    Permission READ = constant();
    Permission CANCEL = constant();
    Permission CONFIGURE = constant();

    String getFullName();

    String getUrl();

    /** A new permission through the stub's private constructor (the real ones take a group, a name, …). */
    private static Permission constant() {
        try {
            Constructor<Permission> constructor = Permission.class.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
