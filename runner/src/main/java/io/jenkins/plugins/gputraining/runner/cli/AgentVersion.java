package io.jenkins.plugins.gputraining.runner.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development" when run from classes. */
public final class AgentVersion implements IVersionProvider {
    public static String current() {
        String version = AgentVersion.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"gpu-training-agent " + current()};
    }
}
