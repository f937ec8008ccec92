package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import io.jenkins.plugins.gputraining.bundle.RunnerBundle;
import java.io.IOException;

/** Copies the bundled agent jar to a node once per agent build, into the node's root directory. */
final class RunnerInstaller {
    private RunnerInstaller() {
    }

    /**
     * The agent jar on the node, copied there if missing.
     *
     * @param computer the node's computer (its root directory holds the cache), or {@code null}
     * @param workspace the workspace, whose parent is used when the node's root is unknown
     */
    static FilePath install(final Computer computer, final FilePath workspace, final TaskListener listener)
            throws IOException, InterruptedException {
        RunnerBundle bundle = RunnerBundle.bundled();
        FilePath root = null;
        if (computer != null) {
            Node node = computer.getNode();
            if (node != null) {
                root = node.getRootPath();
            }
        }
        if (root == null) {
            FilePath parent = workspace.getParent();
            root = parent != null ? parent : workspace;
        }
        FilePath jar = root.child(bundle.nodePath());
        if (jar.exists() && jar.length() > 0) {
            return jar;
        }
        listener.getLogger().println("[gpu-training] Copying the training agent " + bundle.version() + " to "
                + jar.getRemote());
        FilePath folder = jar.getParent();
        if (folder == null) {
            throw new AbortException("[gpu-training] Cannot copy the training agent to " + jar.getRemote()
                    + ": the path has no parent folder");
        }
        folder.mkdirs();
        FilePath partial = folder.child(RunnerBundle.FILE_NAME + ".partial");
        partial.copyFrom(bundle.url());
        partial.renameTo(jar);
        return jar;
    }
}
