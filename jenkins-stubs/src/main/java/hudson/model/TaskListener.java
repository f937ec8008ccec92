// Mirrors hudson.model.TaskListener from org.jenkins-ci.main:jenkins-core 2.479.3
package hudson.model;

import java.io.PrintStream;
import java.io.Serializable;

public interface TaskListener extends Serializable {
    PrintStream getLogger();
}
