package io.jenkins.plugins.gputraining;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/** The node's Java: {@code java.home} of the agent JVM, as {@code <home>/bin/java}. */
final class NodeJavaCallable extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String invoke(final File file, final VirtualChannel channel) {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
