// Mirrors jenkins.YesNoMaybe from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins;

public enum YesNoMaybe {
    YES,
    NO,
    MAYBE;

    public static Boolean toBoolean(YesNoMaybe v) {
        return stub();
    }

    public Boolean toBool() {
        return stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
