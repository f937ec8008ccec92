// Mirrors jenkins.YesNoMaybe from org.jenkins-ci.main:jenkins-core 2.479.3
package jenkins;

public enum YesNoMaybe {
    YES,
    NO,
    MAYBE;

    public static Boolean toBoolean(YesNoMaybe v) {
        throw new UnsupportedOperationException("stub");
    }

    public Boolean toBool() {
        throw new UnsupportedOperationException("stub");
    }
}
